package dev.agis.projections.deadletter;

import dev.agis.domain.operations.DeadLetterParked;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.Decisions;
import org.axonframework.messaging.deadletter.EnqueueDecision;
import org.axonframework.messaging.deadletter.EnqueuePolicy;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Every failure keeps the letter (an event is never dropped by a policy) and counts it in the
 * letter's diagnostics. The {@link DeadLetterRetrier} retries a letter with back-off while it has
 * failed fewer than {@link DeadLetterSettings#parkAfterAttempts()} times; the failure that reaches
 * that number parks it for an operator and announces {@link DeadLetterParked} once.
 */
public final class ParkAfterRetries implements EnqueuePolicy<EventMessage<?>> {

    /** Diagnostics key: how many times the letter's handling failed. */
    public static final String ATTEMPTS = "attempts";

    private static final Logger log = LoggerFactory.getLogger(ParkAfterRetries.class);

    private final String processingGroup;
    private final DeadLetterSettings settings;
    private final ApplicationEventPublisher events;
    private final SequencingPolicy<? super EventMessage<?>> sequencing;

    /** For a group sequenced by Axon's default policy: per aggregate. */
    public ParkAfterRetries(String processingGroup, DeadLetterSettings settings, ApplicationEventPublisher events) {
        this(processingGroup, settings, events, SequentialPerAggregatePolicy.instance());
    }

    public ParkAfterRetries(String processingGroup, DeadLetterSettings settings, ApplicationEventPublisher events,
                            SequencingPolicy<? super EventMessage<?>> sequencing) {
        this.processingGroup = processingGroup;
        this.settings = settings;
        this.events = events;
        this.sequencing = sequencing;
    }

    public static int attempts(DeadLetter<?> letter) {
        return letter.diagnostics().get(ATTEMPTS) instanceof Number n ? n.intValue() : 0;
    }

    /** Whether the letter failed as often as the settings allow and waits for an operator. */
    public static boolean parked(DeadLetter<?> letter, DeadLetterSettings settings) {
        return attempts(letter) >= settings.parkAfterAttempts();
    }

    @Override
    public EnqueueDecision<EventMessage<?>> decide(DeadLetter<? extends EventMessage<?>> letter, Throwable cause) {
        int attempts = attempts(letter) + 1;
        EventMessage<?> event = letter.message();
        if (attempts == settings.parkAfterAttempts()) {
            log.error("Parked event {} ({}) of sequence {} in {} after {} failed attempts: {}", event.getIdentifier(),
                    event.getPayloadType().getSimpleName(), sequence(sequencing, event), processingGroup, attempts, cause.toString());
            DeadLetterParked parked = new DeadLetterParked(processingGroup, sequence(sequencing, event), event.getPayloadType().getName(),
                    event.getIdentifier(), cause.toString(), attempts, letter.enqueuedAt());
            // only once the letter's new state is committed, with the outermost unit of work (a retry
            // decides inside the attempt's own, already rolled back); a rolled-back attempt parked nothing
            if (CurrentUnitOfWork.isStarted()) {
                CurrentUnitOfWork.get().root().afterCommit(u -> events.publishEvent(parked));
            } else {
                events.publishEvent(parked);
            }
        } else {
            log.warn("Event {} ({}) of sequence {} failed in {} (attempt {} of {}): {}", event.getIdentifier(),
                    event.getPayloadType().getSimpleName(), sequence(sequencing, event), processingGroup, attempts,
                    settings.parkAfterAttempts(), cause.toString());
        }
        return Decisions.enqueue(cause, l -> l.diagnostics().and(ATTEMPTS, attempts));
    }

    /**
     * The sequence the group's policy puts an event in, as the queue keys it: its aggregate by
     * default, the account its commands lock in the money processor (ADR 0051).
     */
    public static String sequence(SequencingPolicy<? super EventMessage<?>> sequencing, EventMessage<?> event) {
        Object id = sequencing.getSequenceIdentifierFor(event);
        return id != null ? id.toString() : event.getIdentifier();
    }
}
