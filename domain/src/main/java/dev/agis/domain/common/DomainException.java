package dev.agis.domain.common;

/**
 * A business rule violation with a stable {@link ErrorCode}. Thrown by aggregates and policies;
 * never retried, and mapped by every edge to a clear message.
 */
public class DomainException extends RuntimeException {

    private final ErrorCode code;

    public DomainException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    /** The details that travel with a command failure, also across Axon Server. */
    public DomainErrorDetails details() {
        return new DomainErrorDetails(code.name(), code.category(), getMessage());
    }
}
