package dev.agis.domain.common;

/** Error codes shared by every context. */
public enum CommonError implements ErrorCode {
    INVALID_AMOUNT(Category.INVALID),
    INVALID_ARGUMENT(Category.INVALID),
    IDEMPOTENCY_KEY_REUSED(Category.CONFLICT);

    private final Category category;

    CommonError(Category category) {
        this.category = category;
    }

    @Override
    public Category category() {
        return category;
    }
}
