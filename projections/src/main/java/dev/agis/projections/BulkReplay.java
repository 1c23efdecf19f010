package dev.agis.projections;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

/**
 * Marks a unit of work as part of a bulk replay: the operator's {@code agis replay} hands each
 * event of the store exactly once, in order, to handlers whose tables its reset emptied, in the
 * same transaction as the token. Projections may then load rows without their idempotency guards
 * (e.g. {@code COPY} instead of {@code INSERT … ON CONFLICT}); live processing never sets it.
 */
public final class BulkReplay {

    /** The unit-of-work resource (on the root unit of work) that marks a bulk replay. */
    public static final String RESOURCE = BulkReplay.class.getName();

    private BulkReplay() {
    }

    /** Whether the current unit of work is a bulk replay. */
    public static boolean active() {
        return CurrentUnitOfWork.isStarted()
                && Boolean.TRUE.equals(CurrentUnitOfWork.get().root().resources().get(RESOURCE));
    }
}
