package dev.agis.domain.schedule;

import dev.agis.domain.account.AccountId;
import dev.agis.domain.server.ServerId;

import java.time.Instant;
import java.util.List;

public final class ScheduleQueries {

    private ScheduleQueries() {
    }

    /**
     * An owner's schedules, oldest first, optionally of one server and only enabled or disabled
     * ones; a page after the schedule created at {@code afterCreatedAt} with id {@code afterId} when set.
     */
    public record FindSchedules(AccountId owner, ServerId serverId, Boolean enabled, Instant afterCreatedAt, String afterId,
                                int limit) {

        /** The first 500, unfiltered by state. */
        public FindSchedules(AccountId owner, ServerId serverId) {
            this(owner, serverId, null, null, null, 500);
        }
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
