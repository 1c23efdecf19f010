package dev.agis.command.support;

import dev.agis.command.account.TransferProcess;
import dev.agis.command.conversion.ConversionRewardProcess;
import dev.agis.command.server.ServerBillingProcess;
import dev.agis.command.subscription.SubscriptionBillingProcess;
import dev.agis.domain.account.AccountEvents.TransferSent;
import dev.agis.domain.account.AccountId;
import dev.agis.domain.conversion.ConversionEvents.ConversionApproved;
import dev.agis.domain.conversion.ConversionEvents.ConversionReversed;
import dev.agis.domain.conversion.ConversionEvents.ConversionRewarded;
import dev.agis.domain.server.ServerEvents.ServerAllocationFailed;
import dev.agis.domain.server.ServerEvents.ServerCrashed;
import dev.agis.domain.server.ServerEvents.ServerRenewalDue;
import dev.agis.domain.server.ServerEvents.ServerStarted;
import dev.agis.domain.subscription.SubscriptionEvents.SubscriptionPaymentRequested;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;

import java.util.List;

/**
 * The process managers that move money, and the one streaming processor ({@value #PROCESSOR})
 * that runs them in batches (ADR 0051). Their events are spread over the processor's segments by
 * the account whose lock the handler takes ({@link #sequencingPolicy()}): a given account is
 * only ever locked from one segment, so two segments, each holding the locks of its batch until
 * the batch commits, never wait for each other's accounts. The other aggregates these handlers
 * lock (a server, a subscription) belong to that same account, so they follow it.
 */
public final class MoneyProcessManagers {

    /** The processor's name (its tokens); the processing groups keep their own names. */
    public static final String PROCESSOR = "money";

    public static final List<String> GROUPS = List.of(TransferProcess.GROUP, ConversionRewardProcess.GROUP,
            ServerBillingProcess.GROUP, SubscriptionBillingProcess.GROUP);

    private static final SequencingPolicy<EventMessage<?>> BY_LOCKED_ACCOUNT = new SequencingPolicy<>() {
        private final SequentialPerAggregatePolicy otherwise = SequentialPerAggregatePolicy.instance();

        @Override
        public Object getSequenceIdentifierFor(EventMessage<?> event) {
            AccountId account = lockedAccount(event.getPayload());
            return account != null ? account.value() : otherwise.getSequenceIdentifierFor(event);
        }
    };

    private MoneyProcessManagers() {
    }

    /** The policy every group of the processor uses, so an event lands in the same segment whichever group handles it. */
    public static SequencingPolicy<EventMessage<?>> sequencingPolicy() {
        return BY_LOCKED_ACCOUNT;
    }

    /** The account a money process manager locks when it handles this event; {@code null} for events none of them handles. */
    static AccountId lockedAccount(Object payload) {
        if (payload instanceof TransferSent e) {
            return e.to();
        } else if (payload instanceof ConversionRewarded e) {
            return AccountId.user(e.playerId());
        } else if (payload instanceof ConversionApproved e) {
            return AccountId.user(e.playerId());
        } else if (payload instanceof ConversionReversed e) {
            return AccountId.user(e.playerId());
        } else if (payload instanceof ServerStarted e) {
            return e.owner();
        } else if (payload instanceof ServerAllocationFailed e) {
            return e.owner();
        } else if (payload instanceof ServerRenewalDue e) {
            return e.owner();
        } else if (payload instanceof ServerCrashed e) {
            return e.owner();
        } else if (payload instanceof SubscriptionPaymentRequested e) {
            return AccountId.user(e.playerId());
        }
        return null;
    }
}
