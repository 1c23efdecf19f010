package dev.agis.projections;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One transaction of a bulk replay: the operator's {@code agis replay} hands each event of the store
 * exactly once, in order, to handlers whose tables its reset emptied, in transactions of many
 * handler batches (units of work) that also store the tokens. Projections may then load rows
 * without their idempotency guards (e.g. {@code COPY} instead of {@code INSERT … ON CONFLICT}), and
 * keep what they would otherwise rewrite with every batch (a balance row) until the transaction
 * ends ({@link #resource}). Live processing never sets it.
 */
public final class BulkReplay {

    /** The unit-of-work resource (on the root unit of work of each handler batch) holding the transaction's BulkReplay. */
    public static final String RESOURCE = BulkReplay.class.getName();

    private final Map<String, Object> resources = new HashMap<>();
    private final List<Runnable> beforeCommit = new ArrayList<>();

    /** The bulk replay transaction the current unit of work belongs to, or null (live processing, or no unit of work). */
    public static BulkReplay current() {
        return CurrentUnitOfWork.isStarted() ? (BulkReplay) CurrentUnitOfWork.get().root().resources().get(RESOURCE) : null;
    }

    /** Whether the current unit of work is part of a bulk replay. */
    public static boolean active() {
        return current() != null;
    }

    /**
     * A value kept for the whole transaction under {@code key}: created on first use, and handed to
     * {@code beforeCommit} once when the replay is about to store its tokens and commit.
     */
    @SuppressWarnings("unchecked")
    public <T> T resource(String key, Supplier<T> create, Consumer<T> beforeCommit) {
        return (T) resources.computeIfAbsent(key, k -> {
            T value = create.get();
            this.beforeCommit.add(() -> beforeCommit.accept(value));
            return value;
        });
    }

    /** Runs the projections' end-of-transaction writes, in the order their resources were created (the replay calls this). */
    public void beforeCommit() {
        beforeCommit.forEach(Runnable::run);
    }
}
