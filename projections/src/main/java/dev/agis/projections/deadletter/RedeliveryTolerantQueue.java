package dev.agis.projections.deadletter;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.DeadLetterQueueOverflowException;
import org.axonframework.messaging.deadletter.EnqueueDecision;
import org.axonframework.messaging.deadletter.NoSuchDeadLetterException;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;

import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A dead-letter queue that tolerates the redelivery streaming processors make (a segment claimed by
 * another instance, a crash before the token was stored): an event of a held sequence is not queued a
 * second time, nor queued behind the sequence's first letter when it came before it (it was handled,
 * or evicted, before that letter failed). Axon's queue would hold it twice and hand it to the handlers
 * out of order. The check is not atomic across instances; a unique index (V71) refuses the second
 * insert of a race, whose batch is then retried and finds the letter.
 */
final class RedeliveryTolerantQueue implements SequencedDeadLetterQueue<EventMessage<?>> {

    private final SequencedDeadLetterQueue<EventMessage<?>> delegate;

    RedeliveryTolerantQueue(SequencedDeadLetterQueue<EventMessage<?>> delegate) {
        this.delegate = delegate;
    }

    @Override
    public boolean enqueueIfPresent(Object sequence, Supplier<DeadLetter<? extends EventMessage<?>>> letterBuilder)
            throws DeadLetterQueueOverflowException {
        if (!delegate.contains(sequence)) {
            return false;
        }
        DeadLetter<? extends EventMessage<?>> letter = letterBuilder.get();
        if (!seenBefore(sequence, letter.message())) {
            delegate.enqueue(sequence, letter);
        }
        return true;
    }

    private boolean seenBefore(Object sequence, EventMessage<?> event) {
        boolean first = true;
        for (DeadLetter<? extends EventMessage<?>> held : delegate.deadLetterSequence(sequence)) {
            if (held.message().getIdentifier().equals(event.getIdentifier())) {
                return true;
            }
            if (first && event instanceof DomainEventMessage<?> e && held.message() instanceof DomainEventMessage<?> h
                    && e.getSequenceNumber() < h.getSequenceNumber()) {
                return true;
            }
            first = false;
        }
        return false;
    }

    /** A first failure; also a redelivered event that fails again, which must not be held twice either. */
    @Override
    public void enqueue(Object sequence, DeadLetter<? extends EventMessage<?>> letter) throws DeadLetterQueueOverflowException {
        if (!delegate.contains(sequence) || !seenBefore(sequence, letter.message())) {
            delegate.enqueue(sequence, letter);
        }
    }

    @Override
    public void evict(DeadLetter<? extends EventMessage<?>> letter) {
        delegate.evict(letter);
    }

    @Override
    public void requeue(DeadLetter<? extends EventMessage<?>> letter,
                        UnaryOperator<DeadLetter<? extends EventMessage<?>>> letterUpdater) throws NoSuchDeadLetterException {
        delegate.requeue(letter, letterUpdater);
    }

    @Override
    public boolean contains(Object sequence) {
        return delegate.contains(sequence);
    }

    @Override
    public Iterable<DeadLetter<? extends EventMessage<?>>> deadLetterSequence(Object sequence) {
        return delegate.deadLetterSequence(sequence);
    }

    @Override
    public Iterable<Iterable<DeadLetter<? extends EventMessage<?>>>> deadLetters() {
        return delegate.deadLetters();
    }

    @Override
    public boolean isFull(Object sequence) {
        return delegate.isFull(sequence);
    }

    @Override
    public long size() {
        return delegate.size();
    }

    @Override
    public long sequenceSize(Object sequence) {
        return delegate.sequenceSize(sequence);
    }

    @Override
    public long amountOfSequences() {
        return delegate.amountOfSequences();
    }

    @Override
    public boolean process(Predicate<DeadLetter<? extends EventMessage<?>>> sequenceFilter,
                           Function<DeadLetter<? extends EventMessage<?>>, EnqueueDecision<EventMessage<?>>> processingTask) {
        return delegate.process(sequenceFilter, processingTask);
    }

    @Override
    public void clear() {
        delegate.clear();
    }
}
