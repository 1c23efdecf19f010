package dev.agis.projections.deadletter;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How many letters each processing group holds and since when, read from {@code dead_letter_entry}
 * in one query. Metrics scrapes ask for every processor at once, so an answer is reused for a second.
 */
@Component
public class DeadLetterCounts {

    /** @param letters letters in the group; @param sequences sequences held back; @param oldest the first enqueued, null when empty */
    public record GroupCount(long letters, long sequences, Instant oldest) {
    }

    private static final Duration REUSE = Duration.ofSeconds(1);

    private final JdbcClient jdbc;
    private final Clock clock;
    private volatile Map<String, GroupCount> last = Map.of();
    private volatile Instant lastAt = Instant.MIN;

    public DeadLetterCounts(JdbcClient jdbc) {
        this(jdbc, Clock.systemUTC());
    }

    DeadLetterCounts(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Groups that hold letters, by name. */
    public Map<String, GroupCount> byGroup() {
        Instant now = clock.instant();
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
        return counts;
    }
}
