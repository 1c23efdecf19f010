package dev.agis.http.support;

import dev.agis.domain.common.DomainException;
import dev.agis.domain.common.ErrorCode;

import java.util.regex.Pattern;

/** The {@code Idempotency-Key} request header: its name, its format and its error codes. */
public final class IdempotencyKeys {

    public static final String HEADER = "Idempotency-Key";
    /** Set on an answer that is the stored first answer of an earlier request with the same key. */
    public static final String REPLAYED_HEADER = "Idempotency-Replayed";

    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9._:\\-]{1,128}");

    private IdempotencyKeys() {
    }

    public enum Error implements ErrorCode {
        /** The header is not 1-128 characters of letters, digits, '.', '_', ':' or '-'. */
        IDEMPOTENCY_KEY_INVALID(Category.INVALID),
        /** The endpoint moves money and does not run without a key. */
        IDEMPOTENCY_KEY_REQUIRED(Category.INVALID),
        /** The first request with this key is still running (HTTP 409, retry shortly). */
        IDEMPOTENCY_REQUEST_IN_PROGRESS(Category.CONFLICT);

        private final Category category;

        Error(Category category) {
            this.category = category;
        }

        @Override
        public Category category() {
            return category;
        }
    }

    public static boolean isValid(String key) {
        return key != null && FORMAT.matcher(key).matches();
    }

    /** The key itself, or an {@code IDEMPOTENCY_KEY_INVALID} domain error. */
    public static String validate(String key) {
        if (!isValid(key)) {
            throw new DomainException(Error.IDEMPOTENCY_KEY_INVALID, invalidMessage());
        }
        return key;
    }

    static String invalidMessage() {
        return HEADER + " must be 1-128 characters of letters, digits, '.', '_', ':' or '-' (a UUID is a good choice)";
    }
}
