package dev.agis.command.conversion;

import dev.agis.domain.common.PlayerId;

import java.time.Instant;

/** How many conversions a player had recently: the input of the velocity fraud rule. */
public interface ConversionVelocity {

    long countSince(PlayerId playerId, Instant since);
}
