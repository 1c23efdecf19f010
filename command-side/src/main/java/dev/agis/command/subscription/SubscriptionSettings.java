package dev.agis.command.subscription;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.math.BigDecimal;
import java.time.Period;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code agis.subscriptions.*}: the tiers (SPEC §2.7) and the billing period.
 *
 * @param period billing period (ISO-8601, default one month)
 * @param tiers  tier name → price and benefits; {@code free} is what a player without a subscription has
 */
@ConfigurationProperties("agis.subscriptions")
public record SubscriptionSettings(@DefaultValue("P1M") Period period, Map<String, Tier> tiers) {

    public static final String FREE = "free";

    /**
     * @param monthlyPrice         GC charged per period (1000 GC = 1 USD)
     * @param rewardMultiplier     factor on ad rewards
     * @param maxConcurrentServers servers the player may run at once
     */
    public record Tier(long monthlyPrice, BigDecimal rewardMultiplier, int maxConcurrentServers) {
        public Tier {
            if (monthlyPrice < 0 || rewardMultiplier == null || rewardMultiplier.signum() < 0 || maxConcurrentServers < 0) {
                throw new IllegalArgumentException("a tier needs a price ≥ 0, a multiplier ≥ 0 and a server limit ≥ 0");
            }
        }
    }

    /** free 1.0 / 3 servers, premium 3990 GC 1.5 / 10, premium_plus 7990 GC 2.0 / 25. */
    public static Map<String, Tier> defaultTiers() {
        Map<String, Tier> tiers = new LinkedHashMap<>();
        tiers.put(FREE, new Tier(0, BigDecimal.ONE, 3));
        tiers.put("premium", new Tier(3990, new BigDecimal("1.5"), 10));
        tiers.put("premium_plus", new Tier(7990, new BigDecimal("2.0"), 25));
        return tiers;
    }

    public SubscriptionSettings {
        if (period == null || period.isNegative() || period.isZero()) {
            period = Period.ofMonths(1);
        }
        tiers = tiers == null || tiers.isEmpty() ? defaultTiers() : Map.copyOf(tiers);
        if (!tiers.containsKey(FREE)) {
            throw new IllegalArgumentException("agis.subscriptions.tiers must define the 'free' tier");
        }
    }

    /** A tier a player can pay for. */
    public boolean isPaidTier(String name) {
        return name != null && !FREE.equals(name) && tiers.containsKey(name);
    }
}
