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
     */
    public record ErasePersonalData(@TargetAggregateIdentifier String erasureId, PlayerId playerId, Actor actor) {

        public static ErasePersonalData of(PlayerId player, Actor actor) {
            return new ErasePersonalData(PrivacyEvents.erasureId(player), player, actor);
        }
    }
}
