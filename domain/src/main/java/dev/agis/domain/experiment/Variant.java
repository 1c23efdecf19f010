package dev.agis.domain.experiment;

import java.math.BigDecimal;

/**
 * A validated variant: its config is normalised JSON, and {@code rewardMultiplier} is the
 * {@code reward.multiplier} it sets (null when the experiment is not a reward experiment).
 */
public record Variant(String name, int weight, String config, BigDecimal rewardMultiplier) {
}
