package dev.agis.projections.deadletter;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code agis.processors.dead-letters.*}: how a failing event is retried before its sequence is
 * parked for an operator (ADR 0053).
 *
 * @param retries         automatic retries after the first failure; the letter is parked when they all failed
 * @param firstRetryAfter wait before the first retry; each further retry waits twice as long
 * @param maxRetryAfter   the longest wait between two retries
 * @param checkEvery      how often each instance looks for letters whose retry is due
 */
public record DeadLetterSettings(@DefaultValue("5") @Min(0) int retries,
                                 @DefaultValue("PT10S") Duration firstRetryAfter,
                                 @DefaultValue("PT10M") Duration maxRetryAfter,
                                 @DefaultValue("PT5S") Duration checkEvery) {

    public DeadLetterSettings {
        if (firstRetryAfter.isNegative() || maxRetryAfter.compareTo(firstRetryAfter) < 0 || checkEvery.isZero() || checkEvery.isNegative()) {
            throw new IllegalArgumentException("agis.processors.dead-letters: need 0 <= first-retry-after <= max-retry-after"
                    + " and check-every > 0, got " + firstRetryAfter + ", " + maxRetryAfter + ", " + checkEvery);
        }
    }

    /** Failed attempts after which a letter is parked: the first failure and every retry. */
    public int parkAfterAttempts() {
        return retries + 1;
    }

    /** The wait after the given number of failed attempts (1 = after the first failure). */
    public Duration backoffAfter(int attempts) {
        Duration wait = firstRetryAfter;
        for (int i = 1; i < attempts && wait.compareTo(maxRetryAfter) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : wait;
    }
}
