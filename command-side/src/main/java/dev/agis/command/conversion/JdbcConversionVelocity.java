package dev.agis.command.conversion;

import dev.agis.domain.common.PlayerId;
import dev.agis.domain.conversion.ConversionEvents.ConversionRecorded;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * {@link ConversionVelocity} on the {@code conversion_velocity} table. Rows are written by the
 * subscribing processing group {@value #GROUP}, in the same transaction as the conversion event,
 * so the count is exact the moment the previous conversion committed (no projection lag). Conversions
 * recorded earlier in the same root unit of work (an inbox batch) are counted from a resource of
 * that unit of work: the subscribing handler writes their rows only when it commits.
 */
@Component
@ProcessingGroup(JdbcConversionVelocity.GROUP)
public class JdbcConversionVelocity implements ConversionVelocity {

    public static final String GROUP = "conversion-velocity";
    private static final String STAGED = JdbcConversionVelocity.class.getName() + ".staged";
    /** The advisory-lock namespace (first key of the two-key form) of the per-player velocity locks. */
    private static final int VELOCITY_LOCKS = 0x5645_4C4F; // "VELO"

    private final JdbcClient jdbc;

    public JdbcConversionVelocity(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public long countSince(PlayerId playerId, Instant since) {
        // Two transactions recording the same player's conversions (two inbox workers, two instances)
        // would each miss the other's uncommitted rows: the second waits here until the first commits.
        jdbc.sql("SELECT 1 FROM (SELECT pg_advisory_xact_lock(:ns, hashtext(:p))) AS locked")
                .param("ns", VELOCITY_LOCKS).param("p", playerId.value()).query(Integer.class).single();
        return jdbc.sql("SELECT count(*) FROM conversion_velocity WHERE player_id = :p AND recorded_at > :since")
                .param("p", playerId.value())
                .param("since", Timestamp.from(since))
                .query(Long.class).single() + staged().getOrDefault(playerId, 0L);
    }

    @Override
    public void recorded(PlayerId playerId) {
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().root().<Map<PlayerId, Long>>getOrComputeResource(STAGED, k -> new HashMap<>())
                    .merge(playerId, 1L, Long::sum);
        }
    }

    private static Map<PlayerId, Long> staged() {
        return CurrentUnitOfWork.isStarted() ? CurrentUnitOfWork.get().root().getOrDefaultResource(STAGED, Map.of()) : Map.of();
    }

    @EventHandler
    void on(ConversionRecorded e) {
        jdbc.sql("""
                        INSERT INTO conversion_velocity (conversion_id, player_id, recorded_at) VALUES (:id, :p, :at)
                        ON CONFLICT (conversion_id) DO NOTHING""")
                .param("id", e.conversionId().value())
                .param("p", e.playerId().value())
                .param("at", Timestamp.from(e.occurredAt()))
                .update();
    }

    /** Rows older than a day can never count again; called by a recurring task. */
    public int prune(Instant before) {
        return jdbc.sql("DELETE FROM conversion_velocity WHERE recorded_at < :before")
                .param("before", Timestamp.from(before)).update();
    }
}
