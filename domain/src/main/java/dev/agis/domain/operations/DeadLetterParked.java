package dev.agis.domain.operations;

import java.time.Instant;

/**
 * An event's handler kept failing and its sequence (the aggregate's later events with it) is now
 * parked in the processing group's dead-letter queue until an operator retries or evicts it
 * ({@code agis dead-letters}, docs/operations.md).
 *
 * <p>Not a domain event: nothing in the business changed, so it is not stored or replayed. It is
 * published in the process as a Spring application event after the letter's transaction commits,
 * and adapters that alert a human (the Discord {@code critical} webhook) listen for it.
 *
 * @param processingGroup    the group whose handler failed
 * @param sequenceIdentifier the sequence held back: the aggregate identifier
 * @param eventType          the failing event's payload type
 * @param eventIdentifier    the failing event's identifier
 * @param cause              the last failure, {@code type: message}
 * @param attempts           failed attempts so far (the first and every automatic retry)
 * @param firstFailure       when the event first failed
 */
public record DeadLetterParked(String processingGroup, String sequenceIdentifier, String eventType, String eventIdentifier,
                               String cause, int attempts, Instant firstFailure) {
}
