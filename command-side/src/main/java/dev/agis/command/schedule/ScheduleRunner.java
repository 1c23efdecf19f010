package dev.agis.command.schedule;

import dev.agis.domain.common.Actor;
import dev.agis.domain.common.DomainErrorDetails;
import dev.agis.domain.common.Failures;
import dev.agis.domain.schedule.ScheduleCommands.BeginScheduledRun;
import dev.agis.domain.schedule.ScheduleCommands.DisableSchedule;
import dev.agis.domain.schedule.ScheduleCommands.FinishScheduledRun;
import dev.agis.domain.schedule.ScheduleCommands.RunPlan;
import dev.agis.domain.schedule.ScheduleId;
import dev.agis.domain.server.ServerCommands.RestartServer;
import dev.agis.domain.server.ServerCommands.StartServer;
import dev.agis.domain.server.ServerCommands.StopServer;
import dev.agis.domain.server.ServerError;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Runs one scheduled instant of one schedule: claim it on the Schedule aggregate (at most once),
 * send the power action as {@code system:scheduler} on behalf of the owner, record the outcome and
 * count it in {@code agis_scheduler_executions_total{action,status}}. A schedule whose owner no
 * longer owns the server (or whose server is gone) is disabled.
 */
@Component
public class ScheduleRunner {

    static final Actor SCHEDULER = Actor.system("scheduler");
    private static final Logger log = LoggerFactory.getLogger(ScheduleRunner.class);

    private final CommandGateway commands;
    private final MeterRegistry meters;

    public ScheduleRunner(CommandGateway commands, MeterRegistry meters) {
        this.commands = commands;
        this.meters = meters;
    }

    /** Task instance ids are {@code <schedule-id>@<epoch-second>}: unique per schedule and instant. */
    static String instanceId(ScheduleId id, Instant at) {
        return id.value() + "@" + at.getEpochSecond();
    }

    public void run(String instanceId) {
        int at = instanceId.lastIndexOf('@');
        ScheduleId scheduleId = ScheduleId.of(instanceId.substring(0, at));
        Instant scheduledFor = Instant.ofEpochSecond(Long.parseLong(instanceId.substring(at + 1)));
        RunPlan plan;
        try {
            plan = commands.sendAndWait(new BeginScheduledRun(scheduleId, scheduledFor));
        } catch (RuntimeException e) {
            if (Failures.isNotFound(e)) {
                return;
            }
            throw e;
        }
        if (plan == null) {
            log.debug("Schedule {} at {} is disabled, deleted or already ran", scheduleId, scheduledFor);
            return;
        }
        String status;
        String message;
        try {
            switch (plan.action()) {
                case START -> commands.sendAndWait(new StartServer(plan.serverId(), plan.owner(), SCHEDULER));
                case STOP -> commands.sendAndWait(new StopServer(plan.serverId(), plan.owner(), SCHEDULER, "scheduled stop"));
                case RESTART -> commands.sendAndWait(new RestartServer(plan.serverId(), plan.owner(), SCHEDULER));
            }
            status = "ok";
            message = null;
        } catch (RuntimeException e) {
            Optional<DomainErrorDetails> error = Failures.domainError(e);
            boolean lost = Failures.isNotFound(e) || error.map(d -> d.code().equals(ServerError.NOT_OWNER.name())).orElse(false);
            status = error.isPresent() && error.get().code().equals(ServerError.INVALID_STATE.name()) ? "skipped" : "failed";
            message = error.map(d -> d.code() + ": " + d.message()).orElse("unexpected failure: " + e);
            if (lost) {
                commands.sendAndWait(new DisableSchedule(scheduleId, null, SCHEDULER,
                        "the schedule's owner no longer owns server " + plan.serverId()));
            }
            if (error.isEmpty() && !lost) {
                log.warn("Scheduled {} of {} failed", plan.action(), plan.serverId(), e);
            }
        }
        commands.sendAndWait(new FinishScheduledRun(scheduleId, scheduledFor, status, message));
        Counter.builder("agis.scheduler.executions")
                .description("Scheduled power actions run, by action and outcome")
                .tag("action", plan.action().name().toLowerCase(Locale.ROOT))
                .tag("status", status)
                .register(meters)
                .increment();
    }
}
