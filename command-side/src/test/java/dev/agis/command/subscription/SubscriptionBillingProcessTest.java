package dev.agis.command.subscription;

import dev.agis.domain.account.AccountCommands.DebitAccount;
import dev.agis.domain.account.AccountError;
import dev.agis.domain.account.AccountId;
import dev.agis.domain.account.MovementKind;
import dev.agis.domain.account.MovementOutcome;
import dev.agis.domain.account.MovementReason;
import dev.agis.domain.common.Actor;
import dev.agis.domain.common.Credits;
import dev.agis.domain.common.DomainException;
import dev.agis.domain.common.PlayerId;
import dev.agis.domain.subscription.SubscriptionCommands.RecordSubscriptionPayment;
import dev.agis.domain.subscription.SubscriptionEvents.SubscriptionPaymentRequested;
import dev.agis.domain.subscription.SubscriptionId;
import dev.agis.testkit.EventDelivery;
import dev.agis.testkit.RecordingCommandGateway;
import org.axonframework.commandhandling.CommandExecutionException;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The subscription billing process alone (ADR 0010): a requested period → a debit under the
 * event's key, then the outcome reported to the subscription; a refusal is an outcome, trouble is retried.
 */
class SubscriptionBillingProcessTest {

    static final SubscriptionId SUBSCRIPTION = SubscriptionId.ofPlayer(PlayerId.of("1001"));
    static final AccountId PLAYER = AccountId.user("1001");
    static final String KEY = "subscription:1001/2.3";
    static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    final RecordingCommandGateway commands = new RecordingCommandGateway();
    final SubscriptionBillingProcess process = new SubscriptionBillingProcess(commands);

    static SubscriptionPaymentRequested requested(long price) {
        return new SubscriptionPaymentRequested(SUBSCRIPTION, PlayerId.of("1001"), "premium", Credits.of(price), 2, 3, NOW, NOW.plusSeconds(30 * 86400),
                false, Actor.system("subscriptions"), NOW);
    }

    static DebitAccount expectedDebit() {
        return new DebitAccount(PLAYER, Credits.of(500), MovementReason.SUBSCRIPTION, KEY, Actor.system("billing"), "subscription:1001/2.3");
    }

    static MovementOutcome debited(boolean duplicate) {
        return new MovementOutcome(PLAYER, KEY, MovementKind.DEBIT, Credits.of(500), Credits.of(200), Credits.ZERO, duplicate);
    }

    @Test
    void aRequestedPeriodIsDebitedUnderTheEventsKeyThenReportedPaid() {
        commands.answer(DebitAccount.class, debited(false));

        process.on(requested(500));

        assertThat(requested(500).idempotencyKey()).isEqualTo(KEY);
        assertThat(commands.sent()).containsExactly(expectedDebit(), new RecordSubscriptionPayment(SUBSCRIPTION, 2, 3, true, null));
    }

    @Test
    void aFreePeriodIsReportedPaidWithoutADebit() {
        process.on(requested(0));

        assertThat(commands.sent()).containsExactly(new RecordSubscriptionPayment(SUBSCRIPTION, 2, 3, true, null));
    }

    @Test
    void aRedeliveredRequestRepeatsTheSameDebitAndReport() {
        commands.answer(DebitAccount.class, debited(false));
        process.on(requested(500));
        commands.answer(DebitAccount.class, debited(true));
        process.on(requested(500));

        var paid = new RecordSubscriptionPayment(SUBSCRIPTION, 2, 3, true, null);
        assertThat(commands.sent()).containsExactly(expectedDebit(), paid, expectedDebit(), paid);
    }

    static Stream<Named<Exception>> insufficientFunds() {
        DomainException refusal = new DomainException(AccountError.INSUFFICIENT_FUNDS, "available 200 GC, needed 500 GC");
        return Stream.of(Named.of("as thrown", refusal),
                Named.of("on the local bus", RecordingCommandGateway.onTheLocalBus(refusal)),
                Named.of("across Axon Server", RecordingCommandGateway.acrossAxonServer(refusal)));
    }

    @ParameterizedTest
    @MethodSource("insufficientFunds")
    void aWalletThatCannotPayIsReportedAsAFailedPaymentNotRethrown(Exception refusal) {
        commands.fail(DebitAccount.class, refusal);

        process.on(requested(500));

        assertThat(commands.sent()).containsExactly(expectedDebit(),
                new RecordSubscriptionPayment(SUBSCRIPTION, 2, 3, false, "INSUFFICIENT_FUNDS"));
    }

    @Test
    void anInfrastructureFailureIsRethrownAndNothingIsReported() {
        RuntimeException databaseDown = new RuntimeException("connection refused");
        commands.fail(DebitAccount.class, databaseDown);

        assertThatThrownBy(() -> process.on(requested(500))).isSameAs(databaseDown);
        assertThat(commands.sent()).containsExactly(expectedDebit());
    }

    @Test
    void aCommandFailureWithoutADomainCodeIsInfrastructureToo() {
        // what the bus delivers for a handler that failed on something other than a business rule
        var remoteTrouble = new CommandExecutionException("handler failed", new IllegalStateException("pool exhausted"));
        commands.fail(DebitAccount.class, remoteTrouble);

        assertThatThrownBy(() -> process.on(requested(500))).isSameAs(remoteTrouble);
        assertThat(commands.sent(RecordSubscriptionPayment.class)).isEmpty();
    }

    @Test
    void aFailedReportIsRethrownSoTheOutcomeIsReportedOnRetry() {
        RuntimeException databaseDown = new RuntimeException("connection refused");
        commands.answer(DebitAccount.class, debited(false)).fail(RecordSubscriptionPayment.class, databaseDown);

        assertThatThrownBy(() -> process.on(requested(500))).isSameAs(databaseDown);
    }

    @Test
    void aProcessorDeliversPaymentRequestsButAReplayNeverRunsThem() throws Exception {
        commands.answer(DebitAccount.class, debited(false));

        EventDelivery.replay(process, requested(500));
        assertThat(commands.sent()).isEmpty();

        EventDelivery.live(process, requested(500));
        assertThat(commands.sent()).containsExactly(expectedDebit(), new RecordSubscriptionPayment(SUBSCRIPTION, 2, 3, true, null));
    }
}
