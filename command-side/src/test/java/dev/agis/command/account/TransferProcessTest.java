package dev.agis.command.account;

import dev.agis.domain.account.AccountCommands.CreditAccount;
import dev.agis.domain.account.AccountError;
import dev.agis.domain.account.AccountEvents.TransferSent;
import dev.agis.domain.account.AccountId;
import dev.agis.domain.account.MovementKind;
import dev.agis.domain.account.MovementOutcome;
import dev.agis.domain.account.MovementReason;
import dev.agis.domain.common.Actor;
import dev.agis.domain.common.Credits;
import dev.agis.domain.common.DomainException;
import dev.agis.testkit.EventDelivery;
import dev.agis.testkit.RecordingCommandGateway;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The transfer process alone (ADR 0002): a sent transfer → one idempotent credit of the destination. */
class TransferProcessTest {

    static final AccountId ALICE = AccountId.user("1001");
    static final AccountId GUILD = AccountId.guild("2002");
    static final Actor ALICE_ACTS = Actor.user("1001");
    static final String TRANSFER_ID = "6f1c2e1a-8f5b-3c47-9a61-0d2b7e4c9f10";
    static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    final RecordingCommandGateway commands = new RecordingCommandGateway();
    final TransferProcess process = new TransferProcess(commands);

    static TransferSent sent() {
        return new TransferSent(ALICE, TRANSFER_ID, GUILD, Credits.of(60), Credits.of(40), Credits.ZERO, "contrib-1", ALICE_ACTS, NOW);
    }

    static CreditAccount expectedCredit() {
        return new CreditAccount(GUILD, Credits.of(60), MovementReason.TRANSFER_IN, "transfer/" + TRANSFER_ID, ALICE_ACTS,
                "transfer:" + TRANSFER_ID + " from account:user:1001");
    }

    static MovementOutcome credited(boolean duplicate) {
        return new MovementOutcome(GUILD, "transfer/" + TRANSFER_ID, MovementKind.CREDIT, Credits.of(60), Credits.of(60), Credits.ZERO, duplicate);
    }

    @Test
    void aSentTransferCreditsTheDestinationUnderTheTransferKey() {
        commands.answer(CreditAccount.class, credited(false));

        process.on(sent());

        assertThat(commands.sent()).containsExactly(expectedCredit());
    }

    @Test
    void aRedeliveredTransferRepeatsTheSameCreditWhichTheKeyMakesANoOp() {
        commands.answer(CreditAccount.class, credited(false));
        process.on(sent());
        commands.answer(CreditAccount.class, credited(true));
        process.on(sent());

        assertThat(commands.sent()).containsExactly(expectedCredit(), expectedCredit());
    }

    @Test
    void anInfrastructureFailureIsRethrownSoTheProcessorRetriesTheEvent() {
        RuntimeException databaseDown = new RuntimeException("connection refused");
        commands.fail(CreditAccount.class, databaseDown);

        assertThatThrownBy(() -> process.on(sent())).isSameAs(databaseDown);
        assertThat(commands.sent()).containsExactly(expectedCredit());
    }

    @Test
    void evenARefusedCreditIsRethrownBecauseTheMoneyHasLeftTheSourceAlready() {
        // a credit has no business refusal to absorb: swallowing one would lose the transferred credits
        var refused = RecordingCommandGateway.onTheLocalBus(new DomainException(AccountError.WRONG_DIRECTION, "refused"));
        commands.fail(CreditAccount.class, refused);

        assertThatThrownBy(() -> process.on(sent())).isSameAs(refused);
    }

    @Test
    void aProcessorDeliversTransfersButAReplayNeverRunsThem() throws Exception {
        commands.answer(CreditAccount.class, credited(false));

        EventDelivery.replay(process, sent());
        assertThat(commands.sent()).isEmpty();

        EventDelivery.live(process, sent());
        assertThat(commands.sent()).containsExactly(expectedCredit());
    }
}
