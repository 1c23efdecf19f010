package dev.agis.domain.privacy;

import dev.agis.domain.common.Actor;
import dev.agis.domain.common.PlayerId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Commands of the privacy context (SPEC §2.8). */
public final class PrivacyCommands {

    private PrivacyCommands() {
    }

    /**
     * Erase a player's personal data: their data key is deleted, so every {@link PersonalData} field
     * of their events reads as erased from then on. {@code erasureId} is {@code erasure:<player>}.
     * Answers the request's number: 1 for the player's first erasure, 2 for a repeat (which finds
     * nothing new to erase) …
     */
    public record ErasePersonalData(@TargetAggregateIdentifier String erasureId, PlayerId playerId, Actor actor) {

        public static ErasePersonalData of(PlayerId player, Actor actor) {
            return new ErasePersonalData(PrivacyEvents.erasureId(player), player, actor);
        }
    }

    /**
     * Re-wrap every player data key from the configured master key ({@code AGIS_MASTER_KEY}) to the
     * new one ({@code AGIS_NEW_MASTER_KEY}), in one transaction. The command carries no key: keys
     * come from configuration only, so they never travel in a message. Answers {@link MasterKeyRotation}.
     */
    public record RotateMasterKey(Actor actor) {
    }

    /** What a rotation did: {@code keys} data keys re-wrapped, each unwrapped and checked under both master keys. */
    public record MasterKeyRotation(int keys) {
    }
}
