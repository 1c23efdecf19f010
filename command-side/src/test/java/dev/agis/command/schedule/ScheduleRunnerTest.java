package dev.agis.command.schedule;

import dev.agis.domain.account.AccountError;
import dev.agis.domain.account.AccountId;
import dev.agis.domain.common.Actor;
import dev.agis.domain.common.DomainException;
import dev.agis.domain.schedule.ScheduleAction;
import dev.agis.domain.schedule.ScheduleCommands.BeginScheduledRun;
import dev.agis.domain.schedule.ScheduleCommands.DisableSchedule;
import dev.agis.domain.schedule.ScheduleCommands.FinishScheduledRun;
import dev.agis.domain.schedule.ScheduleCommands.RunPlan;
import dev.agis.domain.schedule.ScheduleId;
import dev.agis.domain.server.ServerCommands.RestartServer;
import dev.agis.domain.server.ServerCommands.StartServer;
import dev.agis.domain.server.ServerCommands.StopServer;
import dev.agis.domain.server.ServerError;
import dev.agis.domain.server.ServerId;
import dev.agis.testkit.RecordingCommandGateway;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One scheduled instant run alone: the claim on the Schedule aggregate, the power action sent as
 * {@code system:scheduler} on the owner's behalf, the recorded outcome and its metric, and what
 * each kind of refusal of the action does to the schedule.
 */
class ScheduleRunnerTest {

    static final ScheduleId SCHEDULE = ScheduleId.of("schedule:11111111-2222-3333-4444-555555555555");
    static final ServerId SERVER = ServerId.of("server:0b7f6a52-3c1d-4e8f-9a2b-5c6d7e8f9a0b");
    static final AccountId OWNER = AccountId.user("1001");
    static final Actor SCHEDULER = Actor.system("scheduler");
    static final Instant AT = Instant.parse("2026-11-22T06:00:00Z");
    static final String INSTANCE = SCHEDULE.value() + "@" + AT.getEpochSecond();

    final RecordingCommandGateway commands = new RecordingCommandGateway();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final ScheduleRunner runner = new ScheduleRunner(commands, meters);

    static RunPlan plan(ScheduleAction action) {
        return new RunPlan(SCHEDULE, SERVER, OWNER, action, AT);
    }

    /** How many runs of {@code action} ended with {@code status}; 0 when none was counted. */
    double counted(String action, String status) {
        Counter counter = meters.find("agis.scheduler.executions").tag("action", action).tag("status", status).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void theInstanceIdNamesTheScheduleAndTheInstantToTheSecond() {
        assertThat(ScheduleRunner.instanceId(SCHEDULE, AT)).isEqualTo(INSTANCE);
    }

    @Test
    void aRunClaimsExactlyTheInstantItsInstanceIdNames() {
        runner.run(ScheduleRunner.instanceId(SCHEDULE, AT));

        assertThat(commands.sent()).containsExactly(new BeginScheduledRun(SCHEDULE, AT));
    }

    @Nested
    class Actions {
        @Test
        void aStartIsSentAsTheSchedulerOnTheOwnersBehalfAndFinishedOk() {
            commands.answer(BeginScheduledRun.class, plan(ScheduleAction.START));

            runner.run(INSTANCE);

            assertThat(commands.sent()).containsExactly(new BeginScheduledRun(SCHEDULE, AT),
                    new StartServer(SERVER, OWNER, SCHEDULER),
                    new FinishScheduledRun(SCHEDULE, AT, "ok", null));
            assertThat(counted("start", "ok")).isEqualTo(1);
        }

        @Test
        void aStopSaysItWasScheduled() {
            commands.answer(BeginScheduledRun.class, plan(ScheduleAction.STOP));

            runner.run(INSTANCE);

            assertThat(commands.sent()).containsExactly(new BeginScheduledRun(SCHEDULE, AT),
                    new StopServer(SERVER, OWNER, SCHEDULER, "scheduled stop"),
                    new FinishScheduledRun(SCHEDULE, AT, "ok", null));
            assertThat(counted("stop", "ok")).isEqualTo(1);
        }

        @Test
        void aRestart() {
            commands.answer(BeginScheduledRun.class, plan(ScheduleAction.RESTART));

            runner.run(INSTANCE);

            assertThat(commands.sent()).containsExactly(new BeginScheduledRun(SCHEDULE, AT),
                    new RestartServer(SERVER, OWNER, SCHEDULER),
                    new FinishScheduledRun(SCHEDULE, AT, "ok", null));
            assertThat(counted("restart", "ok")).isEqualTo(1);
        }
    }

    @Nested
    class Claim {
        @Test
        void anInstantTheScheduleDoesNotHandOutRunsNothingAndCountsNothing() {
            // no plan: disabled, deleted, or this instant was claimed before (the timer fired twice)
            runner.run(INSTANCE);

            assertThat(commands.sent()).containsExactly(new BeginScheduledRun(SCHEDULE, AT));
            assertThat(meters.find("agis.scheduler.executions").counters()).isEmpty();
        }

        @Test
        void anUnknownScheduleEndsTheRunQuietlySoTheTimerDoesNotRetryIt() {
            commands.fail(BeginScheduledRun.class, new AggregateNotFoundException(SCHEDULE.value(), "no such schedule"));

            runner.run(INSTANCE);

            assertThat(commands.sent()).containsExactly(new BeginScheduledRun(SCHEDULE, AT));
            assertThat(meters.find("agis.scheduler.executions").counters()).isEmpty();
        }

        @Test
        void aFailedClaimIsRethrownSoTheTimerRetriesTheInstant() {
            RuntimeException databaseDown = new RuntimeException("connection refused");
            commands.fail(BeginScheduledRun.class, databaseDown);

            assertThatThrownBy(() -> runner.run(INSTANCE)).isSameAs(databaseDown);
            assertThat(commands.sent()).containsExactly(new BeginScheduledRun(SCHEDULE, AT));
        }
    }

    /** A domain refusal in each form a caller can receive it. */
    static Stream<Named<Exception>> forms(DomainException refusal) {
        return Stream.of(Named.of("as thrown", refusal),
                Named.of("on the local bus", RecordingCommandGateway.onTheLocalBus(refusal)),
                Named.of("across Axon Server", RecordingCommandGateway.acrossAxonServer(refusal)));
    }

    static Stream<Named<Exception>> invalidState() {
        return forms(new DomainException(ServerError.INVALID_STATE, "server is already running"));
    }

    static Stream<Named<Exception>> notOwner() {
        return forms(new DomainException(ServerError.NOT_OWNER, "account:user:1001 does not own the server"));
    }

    static Stream<Named<Exception>> insufficientFunds() {
        return forms(new DomainException(AccountError.INSUFFICIENT_FUNDS, "available 10 GC, needed 50 GC"));
    }

    @Nested
    class Refusals {
        @ParameterizedTest
        @MethodSource("dev.agis.command.schedule.ScheduleRunnerTest#invalidState")
        void aServerAlreadyInTheWantedStateIsSkippedAndTheScheduleKept(Exception refusal) {
            commands.answer(BeginScheduledRun.class, plan(ScheduleAction.START)).fail(StartServer.class, refusal);

            runner.run(INSTANCE);

            assertThat(commands.sent()).containsExactly(new BeginScheduledRun(SCHEDULE, AT),
                    new StartServer(SERVER, OWNER, SCHEDULER),
                    new FinishScheduledRun(SCHEDULE, AT, "skipped", "INVALID_STATE: server is already running"));
            assertThat(counted("start", "skipped")).isEqualTo(1);
        }

        @ParameterizedTest
        @MethodSource("dev.agis.command.schedule.ScheduleRunnerTest#notOwner")
        void anOwnerWhoNoLongerOwnsTheServerLosesTheSchedule(Exception refusal) {
            commands.answer(BeginScheduledRun.class, plan(ScheduleAction.STOP)).fail(StopServer.class, refusal);

            runner.run(INSTANCE);

            assertThat(commands.sent()).containsExactly(new BeginScheduledRun(SCHEDULE, AT),
                    new StopServer(SERVER, OWNER, SCHEDULER, "scheduled stop"),
                    new DisableSchedule(SCHEDULE, null, SCHEDULER, "the schedule's owner no longer owns server " + SERVER),
                    new FinishScheduledRun(SCHEDULE, AT, "failed", "NOT_OWNER: account:user:1001 does not own the server"));
            assertThat(counted("stop", "failed")).isEqualTo(1);
        }

        @Test
        void aServerThatIsGoneDisablesTheSchedule() {
            AggregateNotFoundException gone = new AggregateNotFoundException(SERVER.value(), "no such server");
            commands.answer(BeginScheduledRun.class, plan(ScheduleAction.RESTART)).fail(RestartServer.class, gone);

            runner.run(INSTANCE);

            assertThat(commands.sent()).containsExactly(new BeginScheduledRun(SCHEDULE, AT),
                    new RestartServer(SERVER, OWNER, SCHEDULER),
                    new DisableSchedule(SCHEDULE, null, SCHEDULER, "the schedule's owner no longer owns server " + SERVER),
                    new FinishScheduledRun(SCHEDULE, AT, "failed", "unexpected failure: " + gone));
            assertThat(counted("restart", "failed")).isEqualTo(1);
        }

        @ParameterizedTest
        @MethodSource("dev.agis.command.schedule.ScheduleRunnerTest#insufficientFunds")
        void anyOtherRefusalFailsThisRunButKeepsTheSchedule(Exception refusal) {
            commands.answer(BeginScheduledRun.class, plan(ScheduleAction.START)).fail(StartServer.class, refusal);

            runner.run(INSTANCE);

            assertThat(commands.sent()).containsExactly(new BeginScheduledRun(SCHEDULE, AT),
                    new StartServer(SERVER, OWNER, SCHEDULER),
                    new FinishScheduledRun(SCHEDULE, AT, "failed", "INSUFFICIENT_FUNDS: available 10 GC, needed 50 GC"));
            assertThat(counted("start", "failed")).isEqualTo(1);
        }

        @Test
        void anInfrastructureFailureOfTheActionIsRecordedAsFailedNotRetried() {
            // the instant is claimed: a retry would find no plan, so the outcome must be written now
            RuntimeException databaseDown = new RuntimeException("connection refused");
            commands.answer(BeginScheduledRun.class, plan(ScheduleAction.START)).fail(StartServer.class, databaseDown);

            runner.run(INSTANCE);

            assertThat(commands.sent()).containsExactly(new BeginScheduledRun(SCHEDULE, AT),
                    new StartServer(SERVER, OWNER, SCHEDULER),
                    new FinishScheduledRun(SCHEDULE, AT, "failed", "unexpected failure: " + databaseDown));
            assertThat(counted("start", "failed")).isEqualTo(1);
        }
    }

    @Test
    void eachRunIsCountedByActionAndOutcome() {
        commands.answer(BeginScheduledRun.class, plan(ScheduleAction.STOP));
        runner.run(INSTANCE);
        runner.run(INSTANCE);
        commands.fail(StopServer.class, new DomainException(ServerError.INVALID_STATE, "server is stopped"));
        runner.run(INSTANCE);

        assertThat(counted("stop", "ok")).isEqualTo(2);
        assertThat(counted("stop", "skipped")).isEqualTo(1);
        assertThat(counted("start", "ok")).isZero();
    }
}
