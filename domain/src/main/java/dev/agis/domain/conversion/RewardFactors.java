package dev.agis.domain.conversion;

import java.math.BigDecimal;

/**
 * The multipliers that applied to a reward, resolved when the callback arrived and stored in the
 * event, so a replay or an audit reproduces the exact amount.
 *
 * @param tier                 the player's subscription tier ({@code free}, {@code premium}, …)
 * @param tierMultiplier       factor of that tier
 * @param experimentMultiplier factor of the reward experiment variant (1 when none)
 * @param experimentKey        the experiment, or null
 * @param variant              the player's variant, or null
 */
public record RewardFactors(String tier, BigDecimal tierMultiplier, BigDecimal experimentMultiplier,
                            String experimentKey, String variant) {

    public static final RewardFactors NONE = new RewardFactors("free", BigDecimal.ONE, BigDecimal.ONE, null, null);
}
