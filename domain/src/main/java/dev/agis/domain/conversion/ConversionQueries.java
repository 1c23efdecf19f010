package dev.agis.domain.conversion;

import dev.agis.domain.common.PlayerId;

import java.time.Instant;
import java.util.List;

/** Queries over the conversions read model. */
public final class ConversionQueries {

    private ConversionQueries() {
    }

    /** One conversion as the read model knows it, or null. */
    public record FindConversion(ConversionId conversionId) {
    }

    public record ConversionView(ConversionId conversionId, PlayerId playerId, String type, String tier, String status,
                                 long reward, long credited, long reversedAmount, List<String> flagReasons,
                                 Instant recordedAt) {
    }

    /**
     * Flagged conversions waiting for an admin, oldest first; a page after the conversion recorded
     * at {@code afterRecordedAt} with id {@code afterId} when both are set.
     */
    public record FindFlaggedConversions(Instant afterRecordedAt, String afterId, int limit) {

        /** The oldest ones. */
        public FindFlaggedConversions(int limit) {
            this(null, null, limit);
        }
    }

    public record FlaggedConversions(List<ConversionView> conversions) {
    }
}
