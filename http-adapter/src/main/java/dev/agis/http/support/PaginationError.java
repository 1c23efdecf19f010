package dev.agis.http.support;

import dev.agis.domain.common.ErrorCode;

/** Why a list request's {@code limit} or {@code cursor} was refused (HTTP 400 problem JSON). */
public enum PaginationError implements ErrorCode {
    INVALID_LIMIT,
    INVALID_CURSOR;

    @Override
    public Category category() {
        return Category.INVALID;
    }
}
