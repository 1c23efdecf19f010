package dev.agis.command.support;

import dev.agis.command.account.TransferProcess;
import dev.agis.command.conversion.ConversionRewardProcess;
import dev.agis.command.server.ServerBillingProcess;
import dev.agis.command.subscription.SubscriptionBillingProcess;
import dev.agis.domain.account.AccountCommands.CaptureHold;
import dev.agis.domain.account.AccountCommands.CreditAccount;
import dev.agis.domain.account.AccountCommands.DebitAccount;
import dev.agis.domain.account.AccountCommands.ReleaseHold;
import dev.agis.domain.account.AccountEvents.AccountCredited;
import dev.agis.domain.account.AccountEvents.TransferSent;
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
import dev.agis.domain.server.ServerEvents.ServerAllocationFailed;
import dev.agis.domain.server.ServerEvents.ServerCrashed;
import dev.agis.domain.server.ServerEvents.ServerRenewalDue;
import dev.agis.domain.server.ServerEvents.ServerStarted;
import dev.agis.domain.server.ServerId;
import dev.agis.domain.server.ServerState;
import dev.agis.domain.subscription.SubscriptionEvents.SubscriptionPaymentRequested;
import dev.agis.domain.subscription.SubscriptionId;
import dev.agis.testkit.EventDelivery;
import dev.agis.testkit.RecordingCommandGateway;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sequencing of the money processor (ADR 0051): for every event a money process manager
 * handles, the policy names exactly the account the process managers' ledger commands lock, so a
 * given account is only ever locked from one segment.
 */
class MoneyProcessManagersTest {

    static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    static final AccountId OWNER = AccountId.user("1001");
    static final PlayerId PLAYER = PlayerId.of("2002");
    static final ServerId SERVER = ServerId.of("server:0b7f6a52-3c1d-4e8f-9a2b-5c6d7e8f9a0b");
    static final ConversionId CONVERSION = ConversionId.ayet("tx1");

    final RecordingCommandGateway commands = new RecordingCommandGateway();
    final List<Object> processManagers = List.of(new TransferProcess(commands), new ConversionRewardProcess(commands, new SimpleMeterRegistry()),
            new ServerBillingProcess(commands), new SubscriptionBillingProcess(commands));

    static Stream<Object> moneyEvents() {
        return Stream.of(
                new TransferSent(AccountId.guild("3003"), "6f1c2e1a-8f5b-3c47-9a61-0d2b7e4c9f10", OWNER, Credits.of(60), Credits.of(40),
                        Credits.ZERO, "contrib-1", Actor.user("3003"), NOW),
                new ConversionRewarded(CONVERSION, "tx1", PLAYER, "offer", new BigDecimal("0.12"), RewardFactors.NONE, Credits.of(12), false,
                        Map.of(), NOW),
                new ConversionApproved(CONVERSION, "tx1", PLAYER, "offer", Credits.of(12), Actor.admin("42"), "fine", NOW),
                new ConversionReversed(CONVERSION, "r-tx1", PLAYER, new BigDecimal("-0.12"), Credits.of(12), true, "chargeback", Map.of(), NOW),
                new ServerStarted(SERVER, OWNER, "minecraft", SERVER.value() + "/alloc-1", "gs-1", "10.0.0.1", 25565, 0,
                        SERVER.value() + "/period-0", NOW.plusSeconds(3600), false, NOW),
                new ServerAllocationFailed(SERVER, OWNER, SERVER.value() + "/alloc-1", SERVER.value() + "/period-0", ServerState.FAILED,
                        "no capacity", NOW),
                new ServerRenewalDue(SERVER, OWNER, 3, Credits.of(50), NOW),
                new ServerCrashed(SERVER, OWNER, "gs-1", 3, Credits.of(25), "lost", NOW),
                new SubscriptionPaymentRequested(SubscriptionId.ofPlayer(PLAYER), PLAYER, "premium", Credits.of(500), 2, 3, NOW,
                        NOW.plusSeconds(30 * 86400), false, Actor.system("subscriptions"), NOW));
    }

    @ParameterizedTest
    @MethodSource("moneyEvents")
    void theSegmentOfAnEventIsTheAccountItsLedgerCommandsLock(Object event) throws Exception {
        MovementOutcome paid = new MovementOutcome(OWNER, "k", MovementKind.DEBIT, Credits.of(50), Credits.of(1000), Credits.ZERO, false);
        commands.answer(CreditAccount.class, paid).answer(DebitAccount.class, paid);
        for (Object processManager : processManagers) {
            EventDelivery.live(processManager, event);
        }

        List<AccountId> locked = commands.sent().stream().map(MoneyProcessManagersTest::ledgerAccount).filter(a -> a != null).toList();
        assertThat(locked).as("ledger commands sent for %s", event).isNotEmpty();
        assertThat(locked).containsOnly(MoneyProcessManagers.lockedAccount(event));
        assertThat(MoneyProcessManagers.sequencingPolicy().getSequenceIdentifierFor(GenericEventMessage.asEventMessage(event)))
                .isEqualTo(MoneyProcessManagers.lockedAccount(event).value());
    }

    @Test
    void eventsNoMoneyProcessManagerHandlesKeepTheirAggregatesOrder() {
        AccountCredited credited = new AccountCredited(OWNER, Credits.of(5), Credits.of(5), Credits.ZERO, MovementReason.ADMIN_GRANT, "k",
                Actor.system("t"), "t", NOW);
        var message = new GenericDomainEventMessage<>("Account", OWNER.value(), 3, credited);

        assertThat(MoneyProcessManagers.lockedAccount(credited)).isNull();
        assertThat(MoneyProcessManagers.sequencingPolicy().getSequenceIdentifierFor(message)).isEqualTo(OWNER.value());
    }

    private static AccountId ledgerAccount(Object command) {
        if (command instanceof CreditAccount c) {
            return c.accountId();
        } else if (command instanceof DebitAccount c) {
            return c.accountId();
        } else if (command instanceof CaptureHold c) {
            return c.accountId();
        } else if (command instanceof ReleaseHold c) {
            return c.accountId();
        }
        return null;
    }
}
