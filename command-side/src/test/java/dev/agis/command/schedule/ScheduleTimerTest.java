package dev.agis.command.schedule;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import dev.agis.domain.account.AccountId;
import dev.agis.domain.common.Actor;
import dev.agis.domain.schedule.ScheduleAction;
import dev.agis.domain.schedule.ScheduleCommands.BeginScheduledRun;
import dev.agis.domain.schedule.ScheduleCommands.DisableSchedule;
import dev.agis.domain.schedule.ScheduleEvents.ScheduleCreated;
import dev.agis.domain.schedule.ScheduleEvents.ScheduleEnabled;
import dev.agis.domain.schedule.ScheduleEvents.ScheduledRunStarted;
import dev.agis.domain.schedule.ScheduleId;
import dev.agis.domain.schedule.ScheduleQueries.FindSchedules;
import dev.agis.domain.schedule.ScheduleQueries.ScheduleView;
import dev.agis.domain.schedule.ScheduleQueries.Schedules;
import dev.agis.domain.server.ServerEvents.ServerTerminated;
import dev.agis.domain.server.ServerId;
import dev.agis.testkit.EventDelivery;
import dev.agis.testkit.RecordingCommandGateway;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/**
 * The schedule timer alone: schedule events → one db-scheduler task instance per schedule and
 * instant, and a terminated server → its enabled schedules disabled by the scheduler.
 */
class ScheduleTimerTest {

    static final ScheduleId SCHEDULE = ScheduleId.of("schedule:11111111-2222-3333-4444-555555555555");
    static final ScheduleId OTHER = ScheduleId.of("schedule:66666666-7777-8888-9999-000000000000");
    static final ServerId SERVER = ServerId.of("server:0b7f6a52-3c1d-4e8f-9a2b-5c6d7e8f9a0b");
    static final AccountId OWNER = AccountId.user("1001");
    static final Actor USER = Actor.user("1001");
    static final Actor SCHEDULER = Actor.system("scheduler");
    static final Instant NOW = Instant.parse("2026-11-22T05:30:00Z");
    static final Instant NEXT = Instant.parse("2026-11-22T06:00:00Z");
    static final Instant AFTER_NEXT = Instant.parse("2026-11-23T06:00:00Z");

    final SchedulerClient scheduler = mock(SchedulerClient.class);
    final OneTimeTask<Void> task = Tasks.oneTime("server-schedule-run").execute((instance, context) -> {
    });
    final RecordingCommandGateway commands = new RecordingCommandGateway();
    final QueryGateway queries = mock(QueryGateway.class);
    final ScheduleTimer timer = new ScheduleTimer(scheduler, task, commands, queries);

    static ScheduleCreated created(Instant nextRunAt) {
        return new ScheduleCreated(SCHEDULE, SERVER, OWNER, ScheduleAction.STOP, "0 6 * * *", "UTC", nextRunAt, USER, NOW);
    }

    static ScheduleView view(ScheduleId id, boolean enabled) {
        return new ScheduleView(id, SERVER, OWNER, ScheduleAction.STOP, "0 6 * * *", "UTC", enabled, enabled ? NEXT : null,
                null, null, null, enabled ? null : "disabled by owner", NOW);
    }

    static ServerTerminated terminated() {
        return new ServerTerminated(SERVER, OWNER, "gs-1", USER, NOW);
    }

    TaskInstance<Void> instance(ScheduleId id, Instant at) {
        return task.instance(id.value() + "@" + at.getEpochSecond());
    }

    @Nested
    class Planning {
        @Test
        void aNewScheduleIsPlannedAtItsFirstInstant() {
            timer.on(created(NEXT));

            verify(scheduler).scheduleIfNotExists(instance(SCHEDULE, NEXT), NEXT);
        }

        @Test
        void anEnabledScheduleIsPlannedAtItsNextInstant() {
            timer.on(new ScheduleEnabled(SCHEDULE, NEXT, USER, NOW));

            verify(scheduler).scheduleIfNotExists(instance(SCHEDULE, NEXT), NEXT);
        }

        @Test
        void aClaimedRunPlansTheFollowingInstant() {
            timer.on(new ScheduledRunStarted(SCHEDULE, SERVER, ScheduleAction.STOP, NEXT, AFTER_NEXT, NEXT));

            verify(scheduler).scheduleIfNotExists(instance(SCHEDULE, AFTER_NEXT), AFTER_NEXT);
        }

        @Test
        void noNextInstantPlansNothing() {
            timer.on(created(null));
            timer.on(new ScheduleEnabled(SCHEDULE, null, USER, NOW));
            timer.on(new ScheduledRunStarted(SCHEDULE, SERVER, ScheduleAction.STOP, NEXT, null, NEXT));

            verifyNoInteractions(scheduler);
        }

        @Test
        void aRedeliveredEventPlansTheSameInstanceWhichTheTimerKeepsOnce() {
            timer.on(created(NEXT));
            timer.on(created(NEXT));

            // scheduleIfNotExists on one primary key: the second call is a no-op in db-scheduler
            verify(scheduler, times(2)).scheduleIfNotExists(instance(SCHEDULE, NEXT), NEXT);
        }

        @Test
        void theRunnerClaimsExactlyTheInstantThatWasPlanned() {
            timer.on(created(NEXT));
            ScheduleRunner runner = new ScheduleRunner(commands, new SimpleMeterRegistry());

            runner.run(instance(SCHEDULE, NEXT).getId());

            assertThat(commands.sent()).containsExactly(new BeginScheduledRun(SCHEDULE, NEXT));
        }
    }

    @Nested
    class TerminatedServer {
        @BeforeEach
        void schedulesOfTheServer() {
            when(queries.query(any(FindSchedules.class), eq(Schedules.class))).thenReturn(CompletableFuture.completedFuture(
                    new Schedules(List.of(view(SCHEDULE, true), view(OTHER, false)))));
        }

        @Test
        void itsEnabledSchedulesAreDisabledByTheScheduler() {
            timer.on(terminated());

            verify(queries).query(new FindSchedules(null, SERVER), Schedules.class);
            assertThat(commands.sent()).containsExactly(
                    new DisableSchedule(SCHEDULE, null, SCHEDULER, "server " + SERVER + " was terminated"));
            verifyNoInteractions(scheduler);
        }

        @Test
        void aFailedDisableIsRethrownSoTheProcessorRetriesTheEvent() {
            RuntimeException databaseDown = new RuntimeException("connection refused");
            commands.fail(DisableSchedule.class, databaseDown);

            assertThatThrownBy(() -> timer.on(terminated())).isSameAs(databaseDown);
        }
    }

    @Test
    void aProcessorDeliversEveryEventButAReplayNeverPlansOrDisables() throws Exception {
        when(queries.query(any(FindSchedules.class), eq(Schedules.class))).thenReturn(CompletableFuture.completedFuture(
                new Schedules(List.of(view(SCHEDULE, true)))));
        List<Object> events = List.of(created(NEXT), new ScheduleEnabled(SCHEDULE, NEXT, USER, NOW),
                new ScheduledRunStarted(SCHEDULE, SERVER, ScheduleAction.STOP, NEXT, AFTER_NEXT, NEXT), terminated());

        for (Object event : events) {
            EventDelivery.replay(timer, event);
        }
        verifyNoInteractions(scheduler, queries);
        assertThat(commands.sent()).isEmpty();

        for (Object event : events) {
            EventDelivery.live(timer, event);
        }
        verify(scheduler, times(2)).scheduleIfNotExists(instance(SCHEDULE, NEXT), NEXT);
        verify(scheduler).scheduleIfNotExists(instance(SCHEDULE, AFTER_NEXT), AFTER_NEXT);
        assertThat(commands.sent()).containsExactly(
                new DisableSchedule(SCHEDULE, null, SCHEDULER, "server " + SERVER + " was terminated"));
    }
}
