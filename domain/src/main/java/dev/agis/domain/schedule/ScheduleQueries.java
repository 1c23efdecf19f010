package dev.agis.domain.schedule;

import dev.agis.domain.account.AccountId;
import dev.agis.domain.server.ServerId;

import java.time.Instant;
import java.util.List;

public final class ScheduleQueries {

    private ScheduleQueries() {
    }

    /** An owner's schedules, optionally of one server. */
    public record FindSchedules(AccountId owner, ServerId serverId) {
    }

    public record FindSchedule(ScheduleId scheduleId) {
    }

    public record ScheduleView(ScheduleId scheduleId, ServerId serverId, AccountId owner, ScheduleAction action, String cron,
                               String timeZone, boolean enabled, Instant nextRunAt, Instant lastRunAt, String lastStatus,
                               String lastMessage, String disabledReason, Instant createdAt) {
    }

    public record Schedules(List<ScheduleView> schedules) {
    }
}
