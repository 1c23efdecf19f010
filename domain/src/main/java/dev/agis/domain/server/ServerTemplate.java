package dev.agis.domain.server;

import dev.agis.domain.common.Credits;

/**
 * An offer from the catalog (SPEC §2.3). Templates are data (Flyway migration V20), not code.
 *
 * @param kind      {@code player} (a game type paid from a wallet) or {@code guild} (paid from a treasury)
 * @param guildOnly only a guild treasury may pay for it
 * @param setupCost charged once, with the first period
 */
public record ServerTemplate(String id, String game, String name, String size, String tier, String kind,
                             String fleet, String cpuRequest, String memoryRequest, String cpuLimit,
                             String memoryLimit, Integer maxPlayers, Credits costPerHour, Credits setupCost,
                             boolean guildOnly, int graceMinutes) {
}
