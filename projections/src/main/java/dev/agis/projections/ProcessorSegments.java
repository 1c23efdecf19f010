package dev.agis.projections;

import java.util.Map;

/**
 * How many segments a streaming processor starts with: {@code agis.processors.segments}, or the
 * group's entry in {@code agis.processors.segments-by-group} (see {@link ProcessorSettings}). One
 * place, so live processing and {@code agis replay} create the same segments.
 */
public record ProcessorSegments(int defaultCount, Map<String, Integer> byGroup) {

    public ProcessorSegments {
        byGroup = Map.copyOf(byGroup);
        if (defaultCount < 1 || byGroup.values().stream().anyMatch(n -> n < 1)) {
            throw new IllegalArgumentException("agis.processors.segments and segments-by-group must be at least 1");
        }
    }

    public int of(String group) {
        return byGroup.getOrDefault(group, defaultCount);
    }
}
