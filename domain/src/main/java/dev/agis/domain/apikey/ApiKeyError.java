package dev.agis.domain.apikey;

import dev.agis.domain.common.ErrorCode;

/** Stable error codes of API keys. */
public enum ApiKeyError implements ErrorCode {
    INVALID_SCOPE(Category.INVALID),
    INVALID_API_KEY_REQUEST(Category.INVALID),
    /** A key tried to hand out, or revoke a key with, a scope it does not hold itself. */
    SCOPE_NOT_HELD(Category.FORBIDDEN),
    /** A key tried to manage another owner's key without the admin scope. */
    NOT_KEY_OWNER(Category.FORBIDDEN),
    API_KEY_NOT_FOUND(Category.NOT_FOUND);

    private final Category category;

    ApiKeyError(Category category) {
        this.category = category;
    }

    @Override
    public Category category() {
        return category;
    }
}
