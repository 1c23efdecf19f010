package dev.agis.command.conversion;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.util.Set;

/**
 * {@code agis.conversions.*}: the reward cap and the fraud rules.
 *
 * @param rewardCap most GC one conversion may credit (the predecessor's 10 000)
 */
@ConfigurationProperties("agis.conversions")
public record ConversionSettings(@DefaultValue("10000") long rewardCap,
                                 @DefaultValue Fraud fraud) {

    /**
     * @param enabled        off = no conversion is ever flagged
     * @param maxPerHour     flag a conversion when the player already had this many in the past hour (0 = off)
     * @param maxAmount      flag a conversion whose reward before the cap exceeds this (0 = off)
     * @param blockedPlayers player ids whose conversions are always flagged
     */
    public record Fraud(@DefaultValue("true") boolean enabled,
                        @DefaultValue("10") int maxPerHour,
                        @DefaultValue("10000") long maxAmount,
                        @DefaultValue Set<String> blockedPlayers) {
        public Fraud {
            if (maxPerHour < 0 || maxAmount < 0) {
                throw new IllegalArgumentException("agis.conversions.fraud.max-per-hour and max-amount must be ≥ 0");
            }
            blockedPlayers = blockedPlayers == null ? Set.of() : Set.copyOf(blockedPlayers);
        }
    }

    public ConversionSettings {
        if (rewardCap < 0) {
            throw new IllegalArgumentException("agis.conversions.reward-cap must be ≥ 0");
        }
        if (fraud == null) {
            fraud = new Fraud(true, 10, 10000, Set.of());
        }
    }
}
