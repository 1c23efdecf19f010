package dev.agis.domain.conversion;

import dev.agis.domain.common.ErrorCode;

/** Stable error codes of the conversions context. */
public enum ConversionError implements ErrorCode {
    INVALID_TRANSACTION_ID(Category.INVALID),
    INVALID_PLAYER(Category.INVALID),
    INVALID_AMOUNT(Category.INVALID),
    CONVERSION_NOT_FOUND(Category.NOT_FOUND),
    NOT_FLAGGED(Category.CONFLICT),
    ALREADY_REVERSED(Category.CONFLICT),
    INVALID_PLAYER_MISMATCH(Category.CONFLICT);

    private final Category category;

    ConversionError(Category category) {
        this.category = category;
    }

    @Override
    public Category category() {
        return category;
    }
}
