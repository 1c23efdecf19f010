package dev.agis.app.axon;

import org.axonframework.common.IdentifierFactory;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Message identifiers for every Axon message (commands, events, results), registered through
 * {@code META-INF/services}.
 *
 * <p>Why: Axon's default calls {@link UUID#randomUUID()}, whose {@code SecureRandom} is one
 * synchronized generator for the whole JVM; under load every command, event and result waited on
 * it (the largest lock in the ledger benchmark's profile). Identifiers need to be unique, not
 * unpredictable, so these are RFC 9562 version 7 UUIDs: 48 bits of Unix milliseconds and 74 bits
 * from the calling thread's {@link ThreadLocalRandom}. The time prefix also keeps the unique
 * {@code event_identifier} index appending at its right edge instead of at random pages.
 */
public final class TimeOrderedIdentifierFactory extends IdentifierFactory {

    @Override
    public String generateIdentifier() {
        return next(System.currentTimeMillis(), ThreadLocalRandom.current()).toString();
    }

    static UUID next(long epochMillis, ThreadLocalRandom random) {
        long msb = (epochMillis << 16) | 0x7000L | (random.nextInt() & 0x0FFFL);
        long lsb = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(msb, lsb);
    }
}
