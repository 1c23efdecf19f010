package dev.agis.domain.subscription;

import dev.agis.domain.common.ErrorCode;

/** Stable error codes of the subscriptions context. */
public enum SubscriptionError implements ErrorCode {
    UNKNOWN_TIER(Category.INVALID),
    ALREADY_SUBSCRIBED(Category.CONFLICT),
    PAYMENT_PENDING(Category.CONFLICT),
    NOT_SUBSCRIBED(Category.CONFLICT);

    private final Category category;

    SubscriptionError(Category category) {
        this.category = category;
    }

    @Override
    public Category category() {
        return category;
    }
}
