package dev.agis.domain.conversion;

import dev.agis.domain.common.Credits;

import java.util.List;

/** What a conversion command did; the HTTP edge answers 200 for every status. */
public record ConversionOutcome(ConversionId conversionId, Status status, Credits reward, List<String> flagReasons) {

    public enum Status {
        /** Recorded and credited (the credit follows asynchronously, exactly once). */
        REWARDED,
        /** Recorded, tripped a fraud rule, credits nothing until approved. */
        FLAGGED,
        /** Seen before; nothing changed. */
        DUPLICATE,
        /** A reversal was recorded (it debits what was credited, if anything). */
        REVERSED,
        /** The conversion arrived after its reversal: recorded, credits nothing. */
        ALREADY_REVERSED,
        APPROVED,
        REJECTED
    }
}
