package dev.agis.domain.subscription;

import dev.agis.domain.common.Actor;
import dev.agis.domain.common.Credits;
import dev.agis.domain.common.PlayerId;

import java.math.BigDecimal;
import java.time.Instant;

/** Events of the subscriptions context. */
public final class SubscriptionEvents {

    private SubscriptionEvents() {
    }

    /**
     * A period must be paid: the billing process debits {@code price} under the key
     * {@link #idempotencyKey()}. {@code initial} = the first period of a new subscription.
     */
    public record SubscriptionPaymentRequested(SubscriptionId subscriptionId, PlayerId playerId, String tier, Credits price,
                                               int generation, int period, Instant periodStart, Instant periodEnd,
                                               boolean initial, Actor actor, Instant occurredAt) {
        public String idempotencyKey() {
            return "subscription:" + playerId.value() + "/" + generation + "." + period;
        }
    }

    /** The first period was paid; the tier applies until {@code periodEnd} and renews then. */
    public record SubscriptionActivated(SubscriptionId subscriptionId, PlayerId playerId, String tier, BigDecimal rewardMultiplier,
                                        int maxConcurrentServers, int generation, int period, Instant periodStart,
                                        Instant periodEnd, Instant occurredAt) {
    }

    public record SubscriptionRenewed(SubscriptionId subscriptionId, PlayerId playerId, String tier, BigDecimal rewardMultiplier,
                                      int maxConcurrentServers, int generation, int period, Instant periodStart,
                                      Instant periodEnd, Instant occurredAt) {
    }

    /** The first period could not be paid: no subscription. */
    public record SubscriptionPaymentFailed(SubscriptionId subscriptionId, PlayerId playerId, String tier, int generation,
                                            int period, String reason, Instant occurredAt) {
    }

    /** No renewal; the tier stays until {@code effectiveAt} (the end of the paid period). */
    public record SubscriptionCancelled(SubscriptionId subscriptionId, PlayerId playerId, Instant effectiveAt, Actor actor,
                                        Instant occurredAt) {
    }

    /** The subscription ended: {@code cancelled} or {@code insufficient_funds}; the player is back on the free tier. */
    public record SubscriptionExpired(SubscriptionId subscriptionId, PlayerId playerId, String reason, Instant occurredAt) {
    }
}
