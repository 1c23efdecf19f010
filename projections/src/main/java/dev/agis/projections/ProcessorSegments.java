package dev.agis.projections;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

import java.util.Map;

/**
 * How many segments a streaming processor starts with: {@code agis.processors.segments}, or the
 * group's entry in {@code agis.processors.segments-by-group}. One place, so live processing and
 * {@code agis replay} create the same segments.
 */
public record ProcessorSegments(int defaultCount, Map<String, Integer> byGroup) {

    public ProcessorSegments {
        byGroup = Map.copyOf(byGroup);
        if (defaultCount < 1 || byGroup.values().stream().anyMatch(n -> n < 1)) {
            throw new IllegalArgumentException("agis.processors.segments and segments-by-group must be at least 1");
        }
    }

    /** The counts configured in the environment (see {@link ProcessorSettings}). */
    public static ProcessorSegments from(Environment environment) {
        return Binder.get(environment).bindOrCreate("agis.processors", ProcessorSettings.class).segmentCounts();
    }

    public int of(String group) {
        return byGroup.getOrDefault(group, defaultCount);
    }
}
