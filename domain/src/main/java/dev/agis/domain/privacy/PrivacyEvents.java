package dev.agis.domain.privacy;

import dev.agis.domain.common.Actor;
import dev.agis.domain.common.PlayerId;

import java.time.Instant;

/** Events of the privacy context (SPEC §2.8). */
public final class PrivacyEvents {

    private PrivacyEvents() {
    }

    /** The aggregate that records a player's erasures. */
    public static String erasureId(PlayerId player) {
        return "erasure:" + player.value();
    }

    /**
     * A player's personal data was erased: their data key is gone (deleted in the same transaction),
     * read models drop their personal columns. Every request is recorded, so the audit trail shows
     * each one; the effect of a repeat is nothing new.
     *
     * @param request 1 for the first erasure of this player, 2 for the next …
     */
    public record PersonalDataErased(PlayerId playerId, int request, Actor actor, Instant occurredAt) {
    }
}
