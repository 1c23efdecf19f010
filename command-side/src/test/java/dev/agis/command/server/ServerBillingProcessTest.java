package dev.agis.command.server;

import dev.agis.domain.account.AccountCommands.CaptureHold;
import dev.agis.domain.account.AccountCommands.CreditAccount;
import dev.agis.domain.account.AccountCommands.DebitAccount;
import dev.agis.domain.account.AccountCommands.ReleaseHold;
import dev.agis.domain.account.AccountError;
import dev.agis.domain.account.AccountId;
import dev.agis.domain.account.MovementKind;
import dev.agis.domain.account.MovementOutcome;
import dev.agis.domain.account.MovementReason;
import dev.agis.domain.common.Actor;
import dev.agis.domain.common.CommonError;
import dev.agis.domain.common.Credits;
import dev.agis.domain.common.DomainException;
import dev.agis.domain.server.ServerCommands.ConfirmRenewal;
import dev.agis.domain.server.ServerCommands.ReportRenewalUnpaid;
import dev.agis.domain.server.ServerCommands.WarnLowFunds;
import dev.agis.domain.server.ServerEvents.ServerAllocationFailed;
import dev.agis.domain.server.ServerEvents.ServerCrashed;
import dev.agis.domain.server.ServerEvents.ServerRenewalDue;
import dev.agis.domain.server.ServerEvents.ServerStarted;
import dev.agis.domain.server.ServerId;
import dev.agis.domain.server.ServerState;
import dev.agis.testkit.EventDelivery;
import dev.agis.testkit.RecordingCommandGateway;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The server billing process alone: server events → ledger and server commands, every ledger
 * command keyed by server and period so a redelivered event charges once and refunds at most once.
 */
class ServerBillingProcessTest {

    static final ServerId SERVER = ServerId.of("server:0b7f6a52-3c1d-4e8f-9a2b-5c6d7e8f9a0b");
    static final AccountId OWNER = AccountId.user("1001");
    static final Actor BILLING = Actor.system("billing");
    static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    static final String PERIOD_3 = SERVER.value() + "/period-3";

    final RecordingCommandGateway commands = new RecordingCommandGateway();
    final ServerBillingProcess process = new ServerBillingProcess(commands);

    static ServerStarted started(String holdId, boolean restart) {
        return new ServerStarted(SERVER, OWNER, "minecraft", SERVER.value() + "/alloc-1", "gs-1", "10.0.0.1", 25565, 0, holdId,
                NOW.plusSeconds(3600), restart, NOW);
    }

    static ServerRenewalDue renewalDue() {
        return new ServerRenewalDue(SERVER, OWNER, 3, Credits.of(50), NOW);
    }

    /** What the ledger answers to the renewal debit: {@code available} left after it. */
    static MovementOutcome debited(long available, boolean duplicate) {
        return new MovementOutcome(OWNER, PERIOD_3, MovementKind.DEBIT, Credits.of(50), Credits.of(available), Credits.ZERO, duplicate);
    }

    static DebitAccount expectedDebit() {
        return new DebitAccount(OWNER, Credits.of(50), MovementReason.SERVER_COST, PERIOD_3, BILLING, SERVER.value());
    }

    @Nested
    class StartAndAllocation {
        @Test
        void aStartedServerCapturesTheHoldOfItsPeriod() {
            process.on(started(SERVER.value() + "/period-0", false));

            assertThat(commands.sent()).containsExactly(new CaptureHold(OWNER, SERVER.value() + "/period-0", BILLING));
        }

        @Test
        void aRestartWithinThePaidPeriodHasNoHoldAndChargesNothing() {
            process.on(started(null, true));

            assertThat(commands.sent()).isEmpty();
        }

        @Test
        void aFailedAllocationReleasesTheHoldSoNothingIsCharged() {
            process.on(new ServerAllocationFailed(SERVER, OWNER, SERVER.value() + "/alloc-1", SERVER.value() + "/period-0",
                    ServerState.FAILED, "no capacity", NOW));

            assertThat(commands.sent()).containsExactly(
                    new ReleaseHold(OWNER, SERVER.value() + "/period-0", BILLING, "allocation failed: no capacity"));
        }

        @Test
        void aFailedCaptureIsRethrownSoTheProcessorRetriesTheEvent() {
            RuntimeException databaseDown = new RuntimeException("connection refused");
            commands.fail(CaptureHold.class, databaseDown);

            assertThatThrownBy(() -> process.on(started(SERVER.value() + "/period-0", false))).isSameAs(databaseDown);
        }
    }

    @Nested
    class Renewal {
        @Test
        void aDuePeriodIsDebitedUnderItsPeriodKeyAndConfirmedOnTheServer() {
            commands.answer(DebitAccount.class, debited(100, false)).answer(ConfirmRenewal.class, true);

            process.on(renewalDue());

            assertThat(commands.sent()).containsExactly(expectedDebit(), new ConfirmRenewal(SERVER, 3));
        }

        @Test
        void theOwnerIsWarnedWhenWhatIsLeftCannotPayTheNextPeriod() {
            commands.answer(DebitAccount.class, debited(49, false)).answer(ConfirmRenewal.class, true);

            process.on(renewalDue());

            assertThat(commands.sent()).containsExactly(expectedDebit(), new ConfirmRenewal(SERVER, 3),
                    new WarnLowFunds(SERVER, 3, Credits.of(49)));
        }

        @Test
        void exactlyOneMorePeriodLeftIsNoWarning() {
            commands.answer(DebitAccount.class, debited(50, false)).answer(ConfirmRenewal.class, true);

            process.on(renewalDue());

            assertThat(commands.sent(WarnLowFunds.class)).isEmpty();
        }

        @Test
        void aServerStoppedWhileItWasDebitedGetsThePeriodBack() {
            commands.answer(DebitAccount.class, debited(100, false)).answer(ConfirmRenewal.class, false);

            process.on(renewalDue());

            assertThat(commands.sent()).containsExactly(expectedDebit(), new ConfirmRenewal(SERVER, 3),
                    new CreditAccount(OWNER, Credits.of(50), MovementReason.REFUND, PERIOD_3 + "/refund", BILLING, SERVER.value()));
        }

        @Test
        void aRedeliveredRenewalRepeatsTheSameKeyedCommands() {
            commands.answer(DebitAccount.class, debited(49, false)).answer(ConfirmRenewal.class, true);
            process.on(renewalDue());
            var first = commands.sent();
            commands.clear();
            // the ledger answers the first outcome again; the server says the period is renewed already
            commands.answer(DebitAccount.class, debited(49, true));
            process.on(renewalDue());

            assertThat(commands.sent()).isEqualTo(first);
        }

        @Test
        void aRedeliveredRefundRepeatsTheSameRefundKey() {
            commands.answer(DebitAccount.class, debited(100, false)).answer(ConfirmRenewal.class, false);
            process.on(renewalDue());
            commands.answer(DebitAccount.class, debited(100, true));
            process.on(renewalDue());

            assertThat(commands.sent(CreditAccount.class)).hasSize(2)
                    .extracting(CreditAccount::idempotencyKey).containsOnly(PERIOD_3 + "/refund");
        }

        static Stream<Named<Exception>> insufficientFunds() {
            DomainException refusal = new DomainException(AccountError.INSUFFICIENT_FUNDS, "available 10 GC, needed 50 GC");
            return Stream.of(Named.of("as thrown", refusal),
                    Named.of("on the local bus", RecordingCommandGateway.onTheLocalBus(refusal)),
                    Named.of("across Axon Server", RecordingCommandGateway.acrossAxonServer(refusal)));
        }

        @ParameterizedTest
        @MethodSource("insufficientFunds")
        void aWalletThatCannotPayThePeriodIsReportedToTheServerInsteadOfFailing(Exception refusal) {
            commands.fail(DebitAccount.class, refusal);

            process.on(renewalDue());

            assertThat(commands.sent()).containsExactly(expectedDebit(),
                    new ReportRenewalUnpaid(SERVER, 3));
        }

        @Test
        void anyOtherRefusalOfTheDebitIsRethrownAndStopsNothing() {
            var refused = RecordingCommandGateway.onTheLocalBus(new DomainException(CommonError.IDEMPOTENCY_KEY_REUSED, "other amount"));
            commands.fail(DebitAccount.class, refused);

            assertThatThrownBy(() -> process.on(renewalDue())).isSameAs(refused);
            assertThat(commands.sent()).containsExactly(expectedDebit());
        }

        @Test
        void anInfrastructureFailureOfTheDebitIsRethrownSoTheProcessorRetriesTheEvent() {
            RuntimeException databaseDown = new RuntimeException("connection refused");
            commands.fail(DebitAccount.class, databaseDown);

            assertThatThrownBy(() -> process.on(renewalDue())).isSameAs(databaseDown);
            assertThat(commands.sent()).containsExactly(expectedDebit());
        }

        @Test
        void aFailedConfirmationIsRethrownSoThePaidPeriodIsNotLost() {
            RuntimeException databaseDown = new RuntimeException("connection refused");
            commands.answer(DebitAccount.class, debited(100, false)).fail(ConfirmRenewal.class, databaseDown);

            assertThatThrownBy(() -> process.on(renewalDue())).isSameAs(databaseDown);
        }
    }

    @Nested
    class Crash {
        @Test
        void aCrashRefundsTheUnusedPartOfThePeriod() {
            process.on(new ServerCrashed(SERVER, OWNER, "gs-1", 3, Credits.of(25), "lost by the fleet", NOW));

            assertThat(commands.sent()).containsExactly(
                    new CreditAccount(OWNER, Credits.of(25), MovementReason.REFUND, PERIOD_3 + "/refund", BILLING, SERVER.value()));
        }

        @Test
        void aCrashWithNothingUnusedRefundsNothing() {
            process.on(new ServerCrashed(SERVER, OWNER, "gs-1", 3, Credits.ZERO, "lost by the fleet", NOW));

            assertThat(commands.sent()).isEmpty();
        }

        @Test
        void aFailedRefundIsRethrown() {
            RuntimeException databaseDown = new RuntimeException("connection refused");
            commands.fail(CreditAccount.class, databaseDown);

            assertThatThrownBy(() -> process.on(new ServerCrashed(SERVER, OWNER, "gs-1", 3, Credits.of(25), "lost", NOW)))
                    .isSameAs(databaseDown);
        }
    }

    @Test
    void aProcessorDeliversEveryServerEventButAReplayNeverRunsThem() throws Exception {
        commands.answer(DebitAccount.class, debited(100, false)).answer(ConfirmRenewal.class, true);
        List<Object> events = List.of(started(SERVER.value() + "/period-0", false),
                new ServerAllocationFailed(SERVER, OWNER, SERVER.value() + "/alloc-2", SERVER.value() + "/period-1", ServerState.STOPPED,
                        "no capacity", NOW),
                renewalDue(),
                new ServerCrashed(SERVER, OWNER, "gs-1", 3, Credits.of(25), "lost by the fleet", NOW));

        for (Object event : events) {
            EventDelivery.replay(process, event);
        }
        assertThat(commands.sent()).isEmpty();

        for (Object event : events) {
            EventDelivery.live(process, event);
        }
        assertThat(commands.sent()).extracting(Object::getClass)
                .containsExactly(CaptureHold.class, ReleaseHold.class, DebitAccount.class, ConfirmRenewal.class, CreditAccount.class);
    }
}
