package dev.agis.domain.common;

/**
 * A stable, machine-readable code for a business rule violation. Each bounded context has an enum
 * implementing this; every edge maps the {@link Category} to its own vocabulary (HTTP status,
 * Discord reply, CLI exit code), and shows the code verbatim so clients can branch on it.
 */
public interface ErrorCode {

    /** The stable code, e.g. {@code INSUFFICIENT_FUNDS}. */
    String name();

    Category category();

    enum Category {
        /** The request itself is malformed or out of range (HTTP 400). */
        INVALID,
        /** The caller may not do this (HTTP 403). */
        FORBIDDEN,
        /** The thing the request names does not exist (HTTP 404). */
        NOT_FOUND,
        /** The request is valid but the current state does not allow it (HTTP 409). */
        CONFLICT,
        /** Not enough credits (HTTP 402). */
        INSUFFICIENT_FUNDS
    }
}
