package dev.agis.query.schedule;

import dev.agis.domain.account.AccountId;
import dev.agis.domain.schedule.ScheduleAction;
import dev.agis.domain.schedule.ScheduleId;
import dev.agis.domain.schedule.ScheduleQueries.FindSchedule;
import dev.agis.domain.schedule.ScheduleQueries.FindSchedules;
import dev.agis.domain.schedule.ScheduleQueries.ScheduleView;
import dev.agis.domain.schedule.ScheduleQueries.Schedules;
import dev.agis.domain.server.ServerId;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;

/** Answers schedule queries from the "schedules" read model; deleted schedules are not listed. */
@Component
public class ScheduleQueryHandler {

    private static final String COLUMNS = """
            schedule_id, server_id, owner_id, action, cron, time_zone, enabled, next_run_at, last_run_at, last_status,
            last_message, disabled_reason, created_at""";

    private static final RowMapper<ScheduleView> VIEW = (rs, n) -> new ScheduleView(ScheduleId.of(rs.getString(1)),
            ServerId.of(rs.getString(2)), AccountId.of(rs.getString(3)), ScheduleAction.valueOf(rs.getString(4)), rs.getString(5),
            rs.getString(6), rs.getBoolean(7), instant(rs.getTimestamp(8)), instant(rs.getTimestamp(9)), rs.getString(10),
            rs.getString(11), rs.getString(12), instant(rs.getTimestamp(13)));

    private final JdbcClient jdbc;

    public ScheduleQueryHandler(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @QueryHandler
    public Schedules handle(FindSchedules q) {
        return new Schedules(jdbc.sql("SELECT " + COLUMNS + """
                         FROM server_schedule
                        WHERE NOT deleted
                          AND (CAST(:owner AS VARCHAR) IS NULL OR owner_id = :owner)
                          AND (CAST(:server AS VARCHAR) IS NULL OR server_id = :server)
                          AND (CAST(:enabled AS BOOLEAN) IS NULL OR enabled = :enabled)
                          AND (CAST(:afterAt AS TIMESTAMPTZ) IS NULL OR (created_at, schedule_id) > (:afterAt, :afterId))
                        ORDER BY created_at, schedule_id
                        LIMIT :limit""")
                .param("owner", q.owner() == null ? null : q.owner().value())
                .param("enabled", q.enabled())
                .param("afterAt", q.afterCreatedAt() == null || q.afterId() == null ? null : Timestamp.from(q.afterCreatedAt()))
                .param("afterId", q.afterId())
                .param("limit", Math.max(1, Math.min(q.limit(), 500)))
                .param("server", q.serverId() == null ? null : q.serverId().value())
                .query(VIEW)
                .list());
    }

    @QueryHandler
    public ScheduleView handle(FindSchedule q) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM server_schedule WHERE schedule_id = :id AND NOT deleted")
                .param("id", q.scheduleId().value())
                .query(VIEW)
                .optional()
                .orElse(null);
    }

    private static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }
}
