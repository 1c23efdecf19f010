package dev.agis.domain.consent;

import dev.agis.domain.common.ErrorCode;

/** Stable error codes of the consent context. */
public enum ConsentError implements ErrorCode {
    UNKNOWN_PURPOSE(Category.INVALID),
    INVALID_CONSENT(Category.INVALID),
    NOT_GRANTED(Category.CONFLICT);

    private final Category category;

    ConsentError(Category category) {
        this.category = category;
    }

    @Override
    public Category category() {
        return category;
    }
}
