package dev.agis.domain.server;

import dev.agis.domain.common.ErrorCode;

/** Stable error codes of the game-server context. */
public enum ServerError implements ErrorCode {
    TEMPLATE_NOT_FOUND(Category.NOT_FOUND),
    SERVER_NOT_FOUND(Category.NOT_FOUND),
    SCHEDULE_NOT_FOUND(Category.NOT_FOUND),
    NOT_OWNER(Category.FORBIDDEN),
    GUILD_ONLY_TEMPLATE(Category.FORBIDDEN),
    INVALID_STATE(Category.CONFLICT),
    CONCURRENT_LIMIT_REACHED(Category.CONFLICT),
    INVALID_NAME(Category.INVALID),
    INVALID_CRON(Category.INVALID),
    INVALID_TIMEZONE(Category.INVALID),
    INVALID_ACTION(Category.INVALID);

    private final Category category;

    ServerError(Category category) {
        this.category = category;
    }

    @Override
    public Category category() {
        return category;
    }
}
