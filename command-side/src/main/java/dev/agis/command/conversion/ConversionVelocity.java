package dev.agis.command.conversion;

import dev.agis.domain.common.PlayerId;

import java.time.Instant;

/** How many conversions a player had recently: the input of the velocity fraud rule. */
public interface ConversionVelocity {

    /** Conversions of the player recorded after {@code since}, including those recorded earlier in the same unit of work. */
    long countSince(PlayerId playerId, Instant since);

    /**
     * A conversion of the player is being recorded in the current unit of work. Many conversions can
     * share one unit of work (an inbox batch) and their rows only exist once it commits, so later
     * counts in it must still see this one.
     */
    default void recorded(PlayerId playerId) {
    }
}
