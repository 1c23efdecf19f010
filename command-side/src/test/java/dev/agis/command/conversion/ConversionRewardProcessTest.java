package dev.agis.command.conversion;

import dev.agis.domain.account.AccountCommands.CreditAccount;
import dev.agis.domain.account.AccountCommands.DebitAccount;
import dev.agis.domain.account.AccountId;
import dev.agis.domain.account.MovementKind;
import dev.agis.domain.account.MovementOutcome;
import dev.agis.domain.account.MovementReason;
import dev.agis.domain.common.Actor;
import dev.agis.domain.common.Credits;
import dev.agis.domain.common.PlayerId;
import dev.agis.domain.conversion.ConversionEvents.ConversionApproved;
import dev.agis.domain.conversion.ConversionEvents.ConversionReversed;
import dev.agis.domain.conversion.ConversionEvents.ConversionRewarded;
import dev.agis.domain.conversion.ConversionId;
import dev.agis.domain.conversion.RewardFactors;
import dev.agis.testkit.EventDelivery;
import dev.agis.testkit.RecordingCommandGateway;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The reward process alone (ADR 0010): conversion events → ledger commands under deterministic
 * keys, and the reward metric counted once per credit that really moved money.
 */
class ConversionRewardProcessTest {

    static final ConversionId CONVERSION = ConversionId.ayet("tx1");
    static final AccountId PLAYER = AccountId.user("1001");
    static final Actor AYET = Actor.system("ayet");
    static final Actor ADMIN = Actor.admin("42");
    static final PlayerId PLAYER_ID = PlayerId.of("1001");
    static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    final RecordingCommandGateway commands = new RecordingCommandGateway();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final ConversionRewardProcess process = new ConversionRewardProcess(commands, meters);

    static ConversionRewarded rewarded(String type, long reward) {
        return new ConversionRewarded(CONVERSION, "tx1", PLAYER_ID, type, new BigDecimal("0.12"), RewardFactors.NONE, Credits.of(reward),
                false, Map.of(), NOW);
    }

    static ConversionApproved approved(long reward) {
        return new ConversionApproved(CONVERSION, "tx1", PLAYER_ID, "offer", Credits.of(reward), ADMIN, "looks fine", NOW);
    }

    static ConversionReversed reversed(long debit) {
        return new ConversionReversed(CONVERSION, "r-tx1", PLAYER_ID, new BigDecimal("-0.12"), Credits.of(debit), true, "chargeback",
                Map.of(), NOW);
    }

    static MovementOutcome outcome(MovementKind kind, String key, long amount, boolean duplicate) {
        return new MovementOutcome(PLAYER, key, kind, Credits.of(amount), Credits.of(amount), Credits.ZERO, duplicate);
    }

    double rewardsCounted(String type) {
        Counter counter = meters.find("agis.ad.rewards").tags("provider", "ayet", "type", type).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void aRewardedConversionCreditsThePlayerUnderProviderAndTransactionId() {
        commands.answer(CreditAccount.class, outcome(MovementKind.CREDIT, "ayet:tx1", 120, false));

        process.on(rewarded("offer", 120));

        assertThat(commands.sent()).containsExactly(
                new CreditAccount(PLAYER, Credits.of(120), MovementReason.AD_REWARD, "ayet:tx1", AYET, "conversion:ayet:tx1"));
        assertThat(rewardsCounted("offer")).isEqualTo(120);
    }

    @Test
    void anApprovedConversionCreditsUnderTheSameKeyInTheAdminsName() {
        commands.answer(CreditAccount.class, outcome(MovementKind.CREDIT, "ayet:tx1", 120, false));

        process.on(approved(120));

        assertThat(commands.sent()).containsExactly(
                new CreditAccount(PLAYER, Credits.of(120), MovementReason.AD_REWARD, "ayet:tx1", ADMIN, "conversion:ayet:tx1"));
        assertThat(ConversionRewardProcess.creditKey(CONVERSION)).isEqualTo("ayet:tx1");
        assertThat(rewardsCounted("offer")).isEqualTo(120);
    }

    @Test
    void aRedeliveredRewardRepeatsTheKeyAndIsCountedOnce() {
        commands.answer(CreditAccount.class, outcome(MovementKind.CREDIT, "ayet:tx1", 120, false));
        process.on(rewarded("offer", 120));
        commands.answer(CreditAccount.class, outcome(MovementKind.CREDIT, "ayet:tx1", 120, true));
        process.on(rewarded("offer", 120));

        assertThat(commands.sent(CreditAccount.class)).hasSize(2)
                .extracting(CreditAccount::idempotencyKey).containsOnly("ayet:tx1");
        assertThat(rewardsCounted("offer")).isEqualTo(120);
    }

    @Test
    void aConversionWithoutTypeIsCountedAsUnknown() {
        commands.answer(CreditAccount.class, outcome(MovementKind.CREDIT, "ayet:tx1", 5, false));

        process.on(rewarded(null, 5));

        assertThat(rewardsCounted("unknown")).isEqualTo(5);
    }

    @Test
    void aZeroRewardOrApprovalSendsNothing() {
        process.on(rewarded("offer", 0));
        process.on(approved(0));

        assertThat(commands.sent()).isEmpty();
        assertThat(meters.find("agis.ad.rewards").counters()).isEmpty();
    }

    @Test
    void aReversalDebitsAChargebackUnderTheReversalTransactionId() {
        commands.answer(DebitAccount.class, outcome(MovementKind.DEBIT, "ayet:r-tx1", 120, false));

        process.on(reversed(120));

        assertThat(commands.sent()).containsExactly(
                new DebitAccount(PLAYER, Credits.of(120), MovementReason.CHARGEBACK, "ayet:r-tx1", AYET, "conversion:ayet:tx1"));
        assertThat(ConversionRewardProcess.reversalKey(CONVERSION, "r-tx1")).isEqualTo("ayet:r-tx1");
    }

    @Test
    void aRedeliveredReversalRepeatsTheSameChargeback() {
        process.on(reversed(120));
        process.on(reversed(120));

        assertThat(commands.sent(DebitAccount.class)).hasSize(2)
                .extracting(DebitAccount::idempotencyKey).containsOnly("ayet:r-tx1");
    }

    @Test
    void aReversalOfNothingCreditedSendsNothing() {
        process.on(reversed(0));

        assertThat(commands.sent()).isEmpty();
    }

    @Test
    void aFailedCreditIsRethrownAndNotCounted() {
        RuntimeException databaseDown = new RuntimeException("connection refused");
        commands.fail(CreditAccount.class, databaseDown);

        assertThatThrownBy(() -> process.on(rewarded("offer", 120))).isSameAs(databaseDown);
        assertThat(rewardsCounted("offer")).isZero();
    }

    @Test
    void aFailedChargebackIsRethrown() {
        RuntimeException databaseDown = new RuntimeException("connection refused");
        commands.fail(DebitAccount.class, databaseDown);

        assertThatThrownBy(() -> process.on(reversed(120))).isSameAs(databaseDown);
    }

    @Test
    void aProcessorDeliversEveryConversionEventButAReplayNeverRunsThem() throws Exception {
        commands.answer(CreditAccount.class, outcome(MovementKind.CREDIT, "ayet:tx1", 120, false));
        List<Object> events = List.of(rewarded("offer", 120), approved(120), reversed(120));

        for (Object event : events) {
            EventDelivery.replay(process, event);
        }
        assertThat(commands.sent()).isEmpty();

        for (Object event : events) {
            EventDelivery.live(process, event);
        }
        assertThat(commands.sent()).extracting(Object::getClass)
                .containsExactly(CreditAccount.class, CreditAccount.class, DebitAccount.class);
    }
}
