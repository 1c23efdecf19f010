package dev.agis.domain.subscription;

import dev.agis.domain.common.PlayerId;

import java.math.BigDecimal;

/**
 * The contract between subscriptions and the contexts that depend on a player's tier (reward
 * multiplier for conversions, concurrent-server limit for game servers). Answered by the
 * subscriptions context; callers treat "no handler" as {@link PlayerTier#FREE}.
 */
public final class PlayerTierQuery {

    private PlayerTierQuery() {
    }

    public record FindPlayerTier(PlayerId playerId) {
    }

    /**
     * @param tier                 {@code free}, {@code premium} or {@code premium_plus}
     * @param rewardMultiplier     factor on ad rewards
     * @param maxConcurrentServers how many servers the player may run at once
     */
    public record PlayerTier(String tier, BigDecimal rewardMultiplier, int maxConcurrentServers) {
        public static final PlayerTier FREE = new PlayerTier("free", BigDecimal.ONE, 3);
    }
}
