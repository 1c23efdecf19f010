package dev.agis.domain.account;

import dev.agis.domain.common.ErrorCode;

/** Stable error codes of the accounts ledger. */
public enum AccountError implements ErrorCode {
    INSUFFICIENT_FUNDS(Category.INSUFFICIENT_FUNDS),
    ACCOUNT_NOT_FOUND(Category.NOT_FOUND),
    HOLD_NOT_FOUND(Category.NOT_FOUND),
    HOLD_ALREADY_CAPTURED(Category.CONFLICT),
    HOLD_ALREADY_RELEASED(Category.CONFLICT),
    WRONG_DIRECTION(Category.INVALID),
    SELF_TRANSFER(Category.INVALID);

    private final Category category;

    AccountError(Category category) {
        this.category = category;
    }

    @Override
    public Category category() {
        return category;
    }
}
