package dev.agis.domain.common;

import org.axonframework.common.lock.DeadlockException;
import org.axonframework.messaging.HandlerExecutionException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.queryhandling.NoHandlerForQueryException;

import java.util.Optional;
import java.util.function.Predicate;

/**
 * What is behind a failed command or query, whatever it arrives wrapped in (a completion or
 * execution exception, Axon's handler execution exception, across a local or a remote bus). The one
 * place that walks exception cause chains: every edge and process asks here.
 */
public final class Failures {

    private Failures() {
    }

    /**
     * The domain error behind a failure: the {@link DomainException} itself (local bus) or the
     * {@link DomainErrorDetails} of an Axon {@link HandlerExecutionException} (any bus).
     */
    public static Optional<DomainErrorDetails> domainError(Throwable failure) {
        for (Throwable t = failure; t != null; t = next(t)) {
            if (t instanceof DomainException de) {
                return Optional.of(de.details());
            }
            if (t instanceof HandlerExecutionException hee && hee.getDetails().isPresent()
                    && hee.getDetails().get() instanceof DomainErrorDetails d) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    /** True when the domain error behind the failure has this code. */
    public static boolean isDomainError(Throwable failure, ErrorCode code) {
        return domainError(failure).map(d -> d.code().equals(code.name())).orElse(false);
    }

    /** The command named an aggregate that does not exist. */
    public static boolean isNotFound(Throwable failure) {
        return causedBy(failure, t -> t instanceof AggregateNotFoundException);
    }

    /**
     * Another command appended to the same aggregate first, or the lock detected a deadlock: a
     * retry can succeed. Business errors are never retryable.
     */
    public static boolean isRetryableConflict(Throwable failure) {
        return causedBy(failure, t -> t instanceof ConcurrencyException || t instanceof DeadlockException);
    }

    /** No handler answers the query: the context behind it is not deployed. */
    public static boolean isNoHandler(Throwable failure) {
        return causedBy(failure, t -> t instanceof NoHandlerForQueryException);
    }

    /** An exception of this type is somewhere in the failure's cause chain. */
    public static boolean isCausedBy(Throwable failure, Class<? extends Throwable> type) {
        return causedBy(failure, type::isInstance);
    }

    private static boolean causedBy(Throwable failure, Predicate<Throwable> test) {
        for (Throwable t = failure; t != null; t = next(t)) {
            if (test.test(t)) {
                return true;
            }
        }
        return false;
    }

    private static Throwable next(Throwable t) {
        return t.getCause() == t ? null : t.getCause();
    }
}
