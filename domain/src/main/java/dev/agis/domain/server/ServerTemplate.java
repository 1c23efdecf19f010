package dev.agis.domain.server;

import dev.agis.domain.account.AccountKind;
import dev.agis.domain.common.Credits;

/**
 * An offer from the catalog (SPEC §2.3). Templates are data (Flyway migrations V20, V95), not code.
 *
 * @param kind                 {@code player} (a game type paid from a wallet) or {@code guild} (paid from a treasury)
 * @param guildOnly            only a guild treasury may pay for it
 * @param setupCost            charged once, with the first period
 * @param graceMinutes         how long a running server whose owner cannot pay the next period keeps running
 *                             before it is stopped
 * @param guildDiscountPercent taken off the hourly and the setup price when a guild treasury pays
 */
public record ServerTemplate(String id, String game, String name, String size, String tier, String kind,
                             String fleet, String cpuRequest, String memoryRequest, String cpuLimit,
                             String memoryLimit, Integer maxPlayers, Credits costPerHour, Credits setupCost,
                             boolean guildOnly, int graceMinutes, int guildDiscountPercent) {

    /**
     * What {@code payer} pays for this template: the list price for a wallet, the list price less the
     * guild discount for a treasury. The one place the discount is computed; the provisioning holds
     * {@link ServerPrice#firstPeriod()} and the server bills {@link ServerPrice#perHour()} for every renewal.
     */
    public ServerPrice priceFor(AccountKind payer) {
        int discount = payer == AccountKind.GUILD ? guildDiscountPercent : 0;
        return new ServerPrice(discounted(costPerHour, discount), discounted(setupCost, discount), discount);
    }

    // whole GC, rounded down: the payer never pays more than the advertised percentage implies
    private static Credits discounted(Credits list, int percent) {
        return Credits.of(list.value() - (list.value() * percent + 99) / 100);
    }
}
