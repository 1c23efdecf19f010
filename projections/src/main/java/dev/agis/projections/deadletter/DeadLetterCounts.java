package dev.agis.projections.deadletter;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * How many letters each processing group holds and since when, read from {@code dead_letter_entry}
 * in one query, and the gauges {@code agis_dead_letters{processor}} (letters of the processor's groups)
 * and {@code agis_dead_letters_oldest_seconds{processor}} (age of the oldest, 0 when none). A scrape asks
 * for every processor at once, so an answer is reused for a second.
 */
@Component
public class DeadLetterCounts {

    /** @param letters letters in the group; @param sequences sequences held back; @param oldest the first enqueued */
    public record GroupCount(long letters, long sequences, Instant oldest) {
    }

    private static final Duration REUSE = Duration.ofSeconds(1);

    private final JdbcClient jdbc;
    private final EventProcessingConfiguration processing;
    private final ObjectProvider<MeterRegistry> meters;
    private volatile Map<String, GroupCount> last = Map.of();
    private volatile Instant lastAt = Instant.MIN;

    public DeadLetterCounts(JdbcClient jdbc, EventProcessingConfiguration processing, ObjectProvider<MeterRegistry> meters) {
        this.jdbc = jdbc;
        this.processing = processing;
        this.meters = meters;
    }

    @EventListener(ApplicationReadyEvent.class)
    void registerGauges() {
        meters.ifAvailable(registry -> processing.eventProcessors().forEach((name, processor) -> {
            if (processor instanceof StreamingEventProcessor) {
                Gauge.builder("agis_dead_letters", this, self -> self.ofProcessor(name).mapToLong(GroupCount::letters).sum())
                        .description("Events parked or waiting for a retry in the dead-letter queues of the processor's groups")
                        .tag("processor", name)
                        .register(registry);
                Gauge.builder("agis_dead_letters_oldest_seconds", this, self -> self.ofProcessor(name)
                                .mapToLong(c -> Duration.between(c.oldest(), Instant.now()).toSeconds()).max().orElse(0))
                        .description("Age of the oldest dead letter of the processor's groups (0 when there is none)")
                        .tag("processor", name)
                        .register(registry);
            }
        }));
    }

    /** Groups that hold letters, by name. */
    public Map<String, GroupCount> byGroup() {
        Instant now = Instant.now();
        if (now.isBefore(lastAt.plus(REUSE))) {
            return last;
        }
        Map<String, GroupCount> counts = new LinkedHashMap<>();
        // enqueued_at is Axon's fixed-width ISO-8601 UTC text, so its text order is its time order
        jdbc.sql("""
                SELECT processing_group, count(*) AS letters, count(DISTINCT sequence_identifier) AS sequences,
                       min(enqueued_at) AS oldest
                FROM dead_letter_entry GROUP BY processing_group ORDER BY processing_group""")
                .query(rs -> {
                    counts.put(rs.getString("processing_group"), new GroupCount(rs.getLong("letters"), rs.getLong("sequences"),
                            Instant.parse(rs.getString("oldest"))));
                });
        last = Collections.unmodifiableMap(counts);
        lastAt = now;
        return last;
    }

    /** Letters held by each processor's groups, for processors that hold any. */
    public Map<String, Long> lettersByProcessor() {
        Map<String, Long> letters = new TreeMap<>();
        byGroup().forEach((group, count) -> letters.merge(processorOf(group), count.letters(), Long::sum));
        return letters;
    }

    /** The processor that runs the group (the group's own name for a group no processor runs here). */
    public String processorOf(String group) {
        return processing.eventProcessorByProcessingGroup(group).map(EventProcessor::getName).orElse(group);
    }

    private Stream<GroupCount> ofProcessor(String processor) {
        return byGroup().entrySet().stream().filter(e -> processor.equals(processorOf(e.getKey()))).map(Map.Entry::getValue);
    }
}
