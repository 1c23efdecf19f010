package dev.agis.projections;

import dev.agis.projections.experiment.ExperimentResultsProjection;

import java.util.Map;
import java.util.Set;

/**
 * How many segments a streaming processor starts with: {@code agis.processors.segments}, or the
 * group's entry in {@code agis.processors.segments-by-group} (see {@link ProcessorSettings}). One
 * place, so live processing and {@code agis replay} create the same segments.
 */
public record ProcessorSegments(int defaultCount, Map<String, Integer> byGroup) {

    /** Processors that must see the store in global order: experiment attribution relies on exposures, rewards and stops in order. */
    static final Set<String> ONE_SEGMENT = Set.of(ExperimentResultsProjection.GROUP);

    public ProcessorSegments {
        byGroup = Map.copyOf(byGroup);
        if (defaultCount < 1 || byGroup.values().stream().anyMatch(n -> n < 1)) {
            throw new IllegalArgumentException("agis.processors.segments and segments-by-group must be at least 1");
        }
        byGroup.forEach((group, count) -> {
            if (ONE_SEGMENT.contains(group) && count != 1) {
                throw new IllegalArgumentException("agis.processors.segments-by-group." + group + " must be 1: it needs the events in global order");
            }
        });
    }

    public int of(String group) {
        return ONE_SEGMENT.contains(group) ? 1 : byGroup.getOrDefault(group, defaultCount);
    }
}
