package dev.agis.http.support;

import dev.agis.domain.common.DomainErrorDetails;
import dev.agis.domain.common.DomainException;
import org.axonframework.messaging.HandlerExecutionException;

import java.util.Optional;

/**
 * Finds the domain error in whatever a command or query failure arrives as: the exception itself
 * (local bus), or the details of an Axon {@link HandlerExecutionException} (any bus).
 */
public final class DomainErrors {

    private DomainErrors() {
    }

    public static Optional<DomainErrorDetails> of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DomainException de) {
                return Optional.of(de.details());
            }
            if (t instanceof HandlerExecutionException hee) {
                Optional<Object> details = hee.getDetails();
                if (details.isPresent() && details.get() instanceof DomainErrorDetails d) {
                    return Optional.of(d);
                }
            }
        }
        return Optional.empty();
    }
}
