package dev.agis.domain.consent;

import dev.agis.domain.common.PlayerId;

import java.time.Instant;
import java.util.List;

/** Queries over the current consent of a player (read model {@code player_consent}). */
public final class ConsentQueries {

    private ConsentQueries() {
    }

    /** Every purpose of the player, granted or not. */
    public record FindCurrentConsent(PlayerId playerId) {
    }

    /** One line per purpose; a purpose never granted is {@code granted = false} with no version or time. */
    public record CurrentConsent(PlayerId playerId, List<PurposeConsent> purposes) {

        public boolean granted(ConsentPurpose purpose) {
            return purposes.stream().anyMatch(p -> p.purpose() == purpose && p.granted());
        }
    }

    public record PurposeConsent(ConsentPurpose purpose, boolean granted, String policyVersion, String channel, Instant changedAt) {
    }

    /** The privacy policy players consent to now: the version every grant through an edge records. */
    public record FindConsentPolicy() {
    }

    public record ConsentPolicy(String version) {
    }
}
