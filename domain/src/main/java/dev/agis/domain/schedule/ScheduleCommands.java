package dev.agis.domain.schedule;

import dev.agis.domain.account.AccountId;
import dev.agis.domain.common.Actor;
import dev.agis.domain.server.ServerId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Commands of server schedules. {@code requester} must be the schedule's owner. */
public final class ScheduleCommands {

    private ScheduleCommands() {
    }

    /** 5-field cron ({@code minute hour day-of-month month day-of-week}) in an IANA time zone (default UTC). */
    public record CreateSchedule(@TargetAggregateIdentifier ScheduleId scheduleId, ServerId serverId, AccountId owner,
                                 ScheduleAction action, String cron, String timeZone, Actor actor) {
    }

    public record EnableSchedule(@TargetAggregateIdentifier ScheduleId scheduleId, AccountId requester, Actor actor) {
    }

    /** {@code requester} null: the system disables it (e.g. the owner lost the server). */
    public record DisableSchedule(@TargetAggregateIdentifier ScheduleId scheduleId, AccountId requester, Actor actor, String reason) {
    }

    public record DeleteSchedule(@TargetAggregateIdentifier ScheduleId scheduleId, AccountId requester, Actor actor) {
    }

    /**
     * Claims the run of {@code scheduledFor}. Answers a {@link RunPlan} the first time for an enabled
     * schedule, null otherwise, so an instant runs at most once whatever delivers it twice.
     */
    public record BeginScheduledRun(@TargetAggregateIdentifier ScheduleId scheduleId, Instant scheduledFor) {
    }

    public record RunPlan(ScheduleId scheduleId, ServerId serverId, AccountId owner, ScheduleAction action, Instant scheduledFor) {
    }

    /** The outcome of the run of {@code scheduledFor}: {@code ok}, {@code skipped} or {@code failed}. */
    public record FinishScheduledRun(@TargetAggregateIdentifier ScheduleId scheduleId, Instant scheduledFor, String status,
                                     String message) {
    }
}
