package dev.agis.domain.schedule;

import dev.agis.domain.account.AccountId;
import dev.agis.domain.common.Actor;
import dev.agis.domain.server.ServerId;

import java.time.Instant;

/** Events of server schedules; {@code nextRunAt} is null while a schedule is disabled or deleted. */
public final class ScheduleEvents {

    private ScheduleEvents() {
    }

    public record ScheduleCreated(ScheduleId scheduleId, ServerId serverId, AccountId owner, ScheduleAction action, String cron,
                                  String timeZone, Instant nextRunAt, Actor actor, Instant occurredAt) {
    }

    public record ScheduleEnabled(ScheduleId scheduleId, Instant nextRunAt, Actor actor, Instant occurredAt) {
    }

    public record ScheduleDisabled(ScheduleId scheduleId, String reason, Actor actor, Instant occurredAt) {
    }

    public record ScheduleDeleted(ScheduleId scheduleId, Actor actor, Instant occurredAt) {
    }

    /** The run of {@code scheduledFor} is claimed; the next one is due at {@code nextRunAt}. */
    public record ScheduledRunStarted(ScheduleId scheduleId, ServerId serverId, ScheduleAction action, Instant scheduledFor,
                                      Instant nextRunAt, Instant occurredAt) {
    }

    public record ScheduledRunFinished(ScheduleId scheduleId, ServerId serverId, ScheduleAction action, Instant scheduledFor,
                                       String status, String message, Instant occurredAt) {
    }
}
