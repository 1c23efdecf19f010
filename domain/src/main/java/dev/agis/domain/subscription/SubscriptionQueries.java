package dev.agis.domain.subscription;

import dev.agis.domain.common.PlayerId;

import java.time.Instant;

/** Queries over the subscriptions read model (the tier itself is {@link PlayerTierQuery}). */
public final class SubscriptionQueries {

    private SubscriptionQueries() {
    }

    public record FindSubscription(PlayerId playerId) {
    }

    /**
     * @param status {@code none}, {@code pending_payment}, {@code active}, {@code cancelled} (active until periodEnd), {@code expired}
     */
    public record SubscriptionView(PlayerId playerId, String tier, String status, Instant periodEnd, Instant updatedAt) {
    }
}
