package dev.agis.domain.subscription;

import dev.agis.domain.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Commands of the subscriptions context (SPEC §2.7). Money moves in the billing process, keyed
 * {@code subscription:<player>/<generation>.<period>}, so a period is charged at most once.
 */
public final class SubscriptionCommands {

    private SubscriptionCommands() {
    }

    /** Subscribe to a paid tier; the first month is charged by the billing process, then the tier is active. */
    public record Subscribe(@TargetAggregateIdentifier SubscriptionId subscriptionId, String tier, Actor actor) {
    }

    /** Stop renewing; the paid period runs to its end. */
    public record CancelSubscription(@TargetAggregateIdentifier SubscriptionId subscriptionId, Actor actor) {
    }

    /** The billing process reports the outcome of a period's charge. */
    public record RecordSubscriptionPayment(@TargetAggregateIdentifier SubscriptionId subscriptionId, int generation, int period,
                                            boolean paid, String failureCode) {
    }

    /**
     * The current period ended (sent by the persistent deadline; operators may send it too):
     * renew or expire. Idempotent: a repeat for the same period changes nothing.
     */
    public record EndSubscriptionPeriod(@TargetAggregateIdentifier SubscriptionId subscriptionId, int generation, int period) {
    }
}
