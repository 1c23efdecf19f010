package dev.agis.domain.experiment;

/**
 * A variant as an operator defines it: a unique name, a relative weight (> 0) and a JSON object
 * with its configuration, e.g. {@code {"reward.multiplier": 1.5}}.
 */
public record VariantSpec(String name, int weight, String config) {
}
