package dev.agis.command.conversion;

import dev.agis.domain.account.AccountCommands.CreditAccount;
import dev.agis.domain.account.AccountCommands.DebitAccount;
import dev.agis.domain.account.AccountId;
import dev.agis.domain.account.MovementOutcome;
import dev.agis.domain.account.MovementReason;
import dev.agis.domain.common.Actor;
import dev.agis.domain.common.Credits;
import dev.agis.domain.common.PlayerId;
import dev.agis.domain.conversion.ConversionEvents.ConversionApproved;
import dev.agis.domain.conversion.ConversionEvents.ConversionReversed;
import dev.agis.domain.conversion.ConversionEvents.ConversionRewarded;
import dev.agis.domain.conversion.ConversionId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/**
 * Moves the money of conversions: credits the player on {@link ConversionRewarded} and
 * {@link ConversionApproved} under the key {@code <provider>:<transaction id>}, debits a chargeback
 * on {@link ConversionReversed} under {@code <provider>:<reversal transaction id>}. A redelivery
 * repeats the command, which the ledger's idempotency key turns into a no-op; the aggregate
 * guarantees only one of rewarded/approved ever happens, and both would use the same key anyway.
 */
@Component
@ProcessingGroup(ConversionRewardProcess.GROUP)
@DisallowReplay
public class ConversionRewardProcess {

    public static final String GROUP = "conversion-rewards";

    private final CommandGateway commands;
    private final MeterRegistry meters;

    public ConversionRewardProcess(CommandGateway commands, MeterRegistry meters) {
        this.commands = commands;
        this.meters = meters;
    }

    /** The ledger key of a conversion's credit: also the key a retry or an approval would use. */
    public static String creditKey(ConversionId id) {
        return id.provider() + ":" + id.transactionId();
    }

    public static String reversalKey(ConversionId id, String reversalTransactionId) {
        return id.provider() + ":" + reversalTransactionId;
    }

    @EventHandler
    void on(ConversionRewarded e) {
        credit(e.conversionId(), e.playerId(), e.type(), e.reward(), Actor.system(e.conversionId().provider()));
    }

    @EventHandler
    void on(ConversionApproved e) {
        credit(e.conversionId(), e.playerId(), e.type(), e.reward(), e.admin());
    }

    @EventHandler
    void on(ConversionReversed e) {
        if (!e.debit().isPositive()) {
            return;
        }
        commands.sendAndWait(new DebitAccount(AccountId.user(e.playerId()), e.debit(), MovementReason.CHARGEBACK,
                reversalKey(e.conversionId(), e.reversalTransactionId()), Actor.system(e.conversionId().provider()),
                e.conversionId().value()));
    }

    private void credit(ConversionId id, PlayerId playerId, String type, Credits reward, Actor actor) {
        if (!reward.isPositive()) {
            return;
        }
        MovementOutcome outcome = commands.sendAndWait(new CreditAccount(AccountId.user(playerId), reward, MovementReason.AD_REWARD,
                creditKey(id), actor, id.value()));
        if (!outcome.duplicate()) {
            Counter.builder("agis.ad.rewards")
                    .description("GameCredits credited for ad conversions")
                    .tag("provider", id.provider()).tag("type", type == null ? "unknown" : type)
                    .register(meters).increment(reward.value());
        }
    }
}
