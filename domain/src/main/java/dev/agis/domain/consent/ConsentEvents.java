package dev.agis.domain.consent;

import dev.agis.domain.common.Actor;
import dev.agis.domain.common.PlayerId;

import java.time.Instant;

/** Events of the consent context; together they are the player's consent history. */
public final class ConsentEvents {

    private ConsentEvents() {
    }

    public record ConsentGranted(ConsentId consentId, PlayerId playerId, ConsentPurpose purpose, String policyVersion,
                                 String channel, Actor actor, Instant occurredAt) {
    }

    /** {@code policyVersion} is the version that had been granted. */
    public record ConsentWithdrawn(ConsentId consentId, PlayerId playerId, ConsentPurpose purpose, String policyVersion,
                                   String channel, Actor actor, Instant occurredAt) {
    }
}
