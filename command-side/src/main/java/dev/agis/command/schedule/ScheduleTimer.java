package dev.agis.command.schedule;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import dev.agis.domain.common.Actor;
import dev.agis.domain.schedule.ScheduleCommands.DisableSchedule;
import dev.agis.domain.schedule.ScheduleEvents.ScheduleCreated;
import dev.agis.domain.schedule.ScheduleEvents.ScheduleEnabled;
import dev.agis.domain.schedule.ScheduleEvents.ScheduledRunStarted;
import dev.agis.domain.schedule.ScheduleId;
import dev.agis.domain.schedule.ScheduleQueries.FindSchedules;
import dev.agis.domain.schedule.ScheduleQueries.Schedules;
import dev.agis.domain.server.ServerEvents.ServerTerminated;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

import java.time.Instant;

/**
 * Puts each schedule's next instant on the persistent timer: one db-scheduler task instance
 * {@code <schedule-id>@<epoch-second>}. The primary key of that row makes a second scheduling of
 * the same instant a no-op, and db-scheduler hands a due row to exactly one instance. Also
 * disables the schedules of a terminated server.
 */
@Component
@ProcessingGroup(ScheduleTimer.GROUP)
@DisallowReplay
public class ScheduleTimer {

    public static final String GROUP = "schedule-timers";

    private final SchedulerClient scheduler;
    private final OneTimeTask<Void> task;
    private final CommandGateway commands;
    private final QueryGateway queries;

    public ScheduleTimer(@Lazy SchedulerClient scheduler, OneTimeTask<Void> serverScheduleTask, CommandGateway commands,
                         QueryGateway queries) {
        this.scheduler = scheduler;
        this.task = serverScheduleTask;
        this.commands = commands;
        this.queries = queries;
    }

    @EventHandler
    void on(ScheduleCreated e) {
        plan(e.scheduleId(), e.nextRunAt());
    }

    @EventHandler
    void on(ScheduleEnabled e) {
        plan(e.scheduleId(), e.nextRunAt());
    }

    @EventHandler
    void on(ScheduledRunStarted e) {
        plan(e.scheduleId(), e.nextRunAt());
    }

    @EventHandler
    void on(ServerTerminated e) {
        queries.query(new FindSchedules(null, e.serverId()), Schedules.class).join().schedules().stream()
                .filter(s -> s.enabled())
                .forEach(s -> commands.sendAndWait(new DisableSchedule(s.scheduleId(), null, Actor.system("scheduler"),
                        "server " + e.serverId() + " was terminated")));
    }

    private void plan(ScheduleId id, Instant next) {
        if (next != null) {
            scheduler.scheduleIfNotExists(task.instance(ScheduleRunner.instanceId(id, next)), next);
        }
    }
}
