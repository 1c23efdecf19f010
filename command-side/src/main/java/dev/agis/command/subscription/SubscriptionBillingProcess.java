package dev.agis.command.subscription;

import dev.agis.domain.account.AccountCommands.DebitAccount;
import dev.agis.domain.account.AccountId;
import dev.agis.domain.account.MovementReason;
import dev.agis.domain.common.Actor;
import dev.agis.domain.common.DomainErrorDetails;
import dev.agis.domain.common.Failures;
import dev.agis.domain.subscription.SubscriptionCommands.RecordSubscriptionPayment;
import dev.agis.domain.subscription.SubscriptionEvents.SubscriptionPaymentRequested;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/**
 * Charges subscription periods: debits the wallet on {@link SubscriptionPaymentRequested} under the
 * event's idempotency key, then reports the outcome to the subscription. A redelivery repeats both
 * steps; the key makes the debit a no-op and the aggregate ignores a second report.
 */
@Component
@ProcessingGroup(SubscriptionBillingProcess.GROUP)
@DisallowReplay
public class SubscriptionBillingProcess {

    public static final String GROUP = "subscription-billing";

    private final CommandGateway commands;

    public SubscriptionBillingProcess(CommandGateway commands) {
        this.commands = commands;
    }

    @EventHandler
    void on(SubscriptionPaymentRequested e) {
        boolean paid;
        String failure = null;
        if (!e.price().isPositive()) {
            paid = true;
        } else {
            try {
                commands.sendAndWait(new DebitAccount(AccountId.user(e.playerId()), e.price(), MovementReason.SUBSCRIPTION,
                        e.idempotencyKey(), Actor.system("billing"), e.subscriptionId().value() + "/" + e.generation() + "." + e.period()));
                paid = true;
            } catch (RuntimeException ex) {
                // a business refusal (not enough credits) ends the attempt; infrastructure trouble retries the event
                failure = Failures.domainError(ex).map(DomainErrorDetails::code).orElseThrow(() -> ex);
                paid = false;
            }
        }
        commands.sendAndWait(new RecordSubscriptionPayment(e.subscriptionId(), e.generation(), e.period(), paid, failure));
    }
}
