package dev.agis.domain.experiment;

import dev.agis.domain.common.PlayerId;

import java.math.BigDecimal;

/**
 * The contract between the reward algorithm (conversions) and the experiments context: which
 * {@code reward.multiplier} applies to a player's ad rewards. Answered by the experiments context;
 * the reward algorithm treats "no handler" as {@link RewardMultiplier#NONE}.
 */
public final class RewardMultiplierQuery {

    private RewardMultiplierQuery() {
    }

    /** The multiplier of the running reward experiment's variant this player is assigned to. */
    public record FindRewardMultiplier(PlayerId playerId) {
    }

    /**
     * @param multiplier    the factor to apply (1 when no reward experiment runs or the player is not in it)
     * @param experimentKey the experiment that set it, or null
     * @param variant       the player's variant, or null
     */
    public record RewardMultiplier(BigDecimal multiplier, String experimentKey, String variant) {
        public static final RewardMultiplier NONE = new RewardMultiplier(BigDecimal.ONE, null, null);
    }
}
