package dev.agis.projections.schedule;

import dev.agis.domain.schedule.ScheduleEvents.ScheduleCreated;
import dev.agis.domain.schedule.ScheduleEvents.ScheduleDeleted;
import dev.agis.domain.schedule.ScheduleEvents.ScheduleDisabled;
import dev.agis.domain.schedule.ScheduleEvents.ScheduleEnabled;
import dev.agis.domain.schedule.ScheduleEvents.ScheduledRunFinished;
import dev.agis.domain.schedule.ScheduleEvents.ScheduledRunStarted;
import dev.agis.domain.schedule.ScheduleId;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;

/** Schedules with their next and last run. Idempotent by aggregate sequence, like every projection. */
@Component
@ProcessingGroup(ScheduleProjection.GROUP)
public class ScheduleProjection {

    public static final String GROUP = "schedules";

    private final JdbcClient jdbc;

    public ScheduleProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(ScheduleCreated e, @SequenceNumber long seq) {
        jdbc.sql("""
                        INSERT INTO server_schedule (schedule_id, server_id, owner_id, action, cron, time_zone, enabled, next_run_at,
                                                     last_sequence, created_at)
                        VALUES (:id, :server, :owner, :action, :cron, :zone, TRUE, :next, :seq, :at)
                        ON CONFLICT (schedule_id) DO NOTHING""")
                .param("id", e.scheduleId().value())
                .param("server", e.serverId().value())
                .param("owner", e.owner().value())
                .param("action", e.action().name())
                .param("cron", e.cron())
                .param("zone", e.timeZone())
                .param("next", ts(e.nextRunAt()))
                .param("seq", seq)
                .param("at", ts(e.occurredAt()))
                .update();
    }

    @EventHandler
    void on(ScheduleEnabled e, @SequenceNumber long seq) {
        update(e.scheduleId(), seq, "enabled = TRUE, disabled_reason = NULL, next_run_at = :next", "next", ts(e.nextRunAt()));
    }

    @EventHandler
    void on(ScheduleDisabled e, @SequenceNumber long seq) {
        update(e.scheduleId(), seq, "enabled = FALSE, next_run_at = NULL, disabled_reason = :reason", "reason", e.reason());
    }

    @EventHandler
    void on(ScheduleDeleted e, @SequenceNumber long seq) {
        update(e.scheduleId(), seq, "enabled = FALSE, deleted = TRUE, next_run_at = NULL");
    }

    @EventHandler
    void on(ScheduledRunStarted e, @SequenceNumber long seq) {
        update(e.scheduleId(), seq, "next_run_at = :next, last_run_at = :last, last_status = 'running', last_message = NULL",
                "next", ts(e.nextRunAt()), "last", ts(e.scheduledFor()));
    }

    @EventHandler
    void on(ScheduledRunFinished e, @SequenceNumber long seq) {
        update(e.scheduleId(), seq, "last_status = :status, last_message = :message",
                "status", e.status(), "message", e.message() == null || e.message().length() <= 500 ? e.message() : e.message().substring(0, 500));
    }

    @ResetHandler
    void reset() {
        jdbc.sql("TRUNCATE server_schedule").update();
    }

    private void update(ScheduleId id, long seq, String set, Object... params) {
        JdbcClient.StatementSpec spec = jdbc.sql("UPDATE server_schedule SET " + set
                        + ", last_sequence = :seq WHERE schedule_id = :id AND last_sequence < :seq")
                .param("id", id.value())
                .param("seq", seq);
        for (int i = 0; i < params.length; i += 2) {
            spec = spec.param((String) params[i], params[i + 1]);
        }
        spec.update();
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
