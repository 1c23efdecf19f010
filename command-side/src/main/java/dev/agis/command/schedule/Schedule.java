package dev.agis.command.schedule;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import dev.agis.domain.account.AccountId;
import dev.agis.domain.common.CommonError;
import dev.agis.domain.common.DomainException;
import dev.agis.domain.schedule.ScheduleAction;
import dev.agis.domain.schedule.ScheduleCommands.BeginScheduledRun;
import dev.agis.domain.schedule.ScheduleCommands.CreateSchedule;
import dev.agis.domain.schedule.ScheduleCommands.DeleteSchedule;
import dev.agis.domain.schedule.ScheduleCommands.DisableSchedule;
import dev.agis.domain.schedule.ScheduleCommands.EnableSchedule;
import dev.agis.domain.schedule.ScheduleCommands.FinishScheduledRun;
import dev.agis.domain.schedule.ScheduleCommands.RunPlan;
import dev.agis.domain.schedule.ScheduleEvents.ScheduleCreated;
import dev.agis.domain.schedule.ScheduleEvents.ScheduleDeleted;
import dev.agis.domain.schedule.ScheduleEvents.ScheduleDisabled;
import dev.agis.domain.schedule.ScheduleEvents.ScheduleEnabled;
import dev.agis.domain.schedule.ScheduleEvents.ScheduledRunFinished;
import dev.agis.domain.schedule.ScheduleEvents.ScheduledRunStarted;
import dev.agis.domain.server.ServerError;
import dev.agis.domain.server.ServerId;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Clock;
import java.time.Instant;

/**
 * A schedule (SPEC §2.5): server + action + 5-field cron + time zone + enabled flag. It decides
 * which instants run; the timer (one db-scheduler task instance per schedule and instant) only
 * delivers them. A run is claimed before the action is taken, so an instant runs at most once
 * even if the timer fires twice or an instance dies mid-run.
 */
@Aggregate
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY,
        getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class Schedule {

    @AggregateIdentifier
    private String id;
    private ServerId serverId;
    private AccountId owner;
    private ScheduleAction action;
    private String cron;
    private String timeZone;
    private boolean enabled;
    private boolean deleted;
    private Instant lastClaimed;

    protected Schedule() {
    }

    @CommandHandler
    public Schedule(CreateSchedule cmd, Clock clock) {
        if (cmd.serverId() == null || cmd.owner() == null || cmd.actor() == null) {
            throw new DomainException(CommonError.INVALID_ARGUMENT, "server, owner and actor are required");
        }
        if (cmd.action() == null) {
            throw new DomainException(ServerError.INVALID_ACTION, "action must be start, stop or restart");
        }
        ScheduleCron parsed = ScheduleCron.parse(cmd.cron(), cmd.timeZone());
        Instant now = clock.instant();
        apply(new ScheduleCreated(cmd.scheduleId(), cmd.serverId(), cmd.owner(), cmd.action(), parsed.source(),
                parsed.zone().getId(), parsed.next(now), cmd.actor(), now));
    }

    @CommandHandler
    public void handle(EnableSchedule cmd, Clock clock) {
        requireOwner(cmd.requester());
        if (!enabled) {
            Instant now = clock.instant();
            apply(new ScheduleEnabled(scheduleId(), cron().next(now), cmd.actor(), now));
        }
    }

    @CommandHandler
    public void handle(DisableSchedule cmd, Clock clock) {
        if (cmd.requester() != null) {
            requireOwner(cmd.requester());
        } else if (deleted) {
            return;
        }
        if (enabled) {
            apply(new ScheduleDisabled(scheduleId(), cmd.reason() == null ? "disabled by owner" : cmd.reason(), cmd.actor(), clock.instant()));
        }
    }

    @CommandHandler
    public void handle(DeleteSchedule cmd, Clock clock) {
        requireOwner(cmd.requester());
        apply(new ScheduleDeleted(scheduleId(), cmd.actor(), clock.instant()));
    }

    @CommandHandler
    public RunPlan handle(BeginScheduledRun cmd, Clock clock) {
        if (!enabled || deleted || (lastClaimed != null && !cmd.scheduledFor().isAfter(lastClaimed))) {
            return null;
        }
        Instant now = clock.instant();
        Instant from = now.isAfter(cmd.scheduledFor()) ? now : cmd.scheduledFor();
        apply(new ScheduledRunStarted(scheduleId(), serverId, action, cmd.scheduledFor(), cron().next(from), now));
        return new RunPlan(scheduleId(), serverId, owner, action, cmd.scheduledFor());
    }

    @CommandHandler
    public void handle(FinishScheduledRun cmd, Clock clock) {
        if (lastClaimed == null || !lastClaimed.equals(cmd.scheduledFor())) {
            return;
        }
        apply(new ScheduledRunFinished(scheduleId(), serverId, action, cmd.scheduledFor(), cmd.status(), cmd.message(), clock.instant()));
    }

    private ScheduleCron cron() {
        return ScheduleCron.parse(cron, timeZone);
    }

    private dev.agis.domain.schedule.ScheduleId scheduleId() {
        return dev.agis.domain.schedule.ScheduleId.of(id);
    }

    private void requireOwner(AccountId requester) {
        if (deleted) {
            throw new DomainException(ServerError.SCHEDULE_NOT_FOUND, "schedule " + id + " was deleted");
        }
        if (requester == null || !requester.equals(owner)) {
            throw new DomainException(ServerError.NOT_OWNER, requester + " does not own schedule " + id);
        }
    }

    private static void apply(Object event) {
        org.axonframework.modelling.command.AggregateLifecycle.apply(event);
    }

    @EventSourcingHandler
    void on(ScheduleCreated e) {
        id = e.scheduleId().value();
        serverId = e.serverId();
        owner = e.owner();
        action = e.action();
        cron = e.cron();
        timeZone = e.timeZone();
        enabled = true;
    }

    @EventSourcingHandler
    void on(ScheduleEnabled e) {
        enabled = true;
    }

    @EventSourcingHandler
    void on(ScheduleDisabled e) {
        enabled = false;
    }

    @EventSourcingHandler
    void on(ScheduleDeleted e) {
        enabled = false;
        deleted = true;
    }

    @EventSourcingHandler
    void on(ScheduledRunStarted e) {
        lastClaimed = e.scheduledFor();
    }
}
