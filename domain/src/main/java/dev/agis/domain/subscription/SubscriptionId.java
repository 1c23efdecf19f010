package dev.agis.domain.subscription;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.agis.domain.common.CommonError;
import dev.agis.domain.common.DomainException;
import dev.agis.domain.common.PlayerId;

import java.util.regex.Pattern;

/** Identifies a player's subscription: {@code subscription:<playerId>} (one per player, across tiers). */
public record SubscriptionId(String value) {

    private static final Pattern FORMAT = Pattern.compile("subscription:" + PlayerId.REGEX);

    public SubscriptionId {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new DomainException(CommonError.INVALID_ARGUMENT, "subscription id must look like subscription:<playerId>");
        }
    }

    @JsonCreator
    public static SubscriptionId of(String value) {
        return new SubscriptionId(value);
    }

    public static SubscriptionId ofPlayer(PlayerId player) {
        return new SubscriptionId("subscription:" + player.value());
    }

    public PlayerId playerId() {
        return PlayerId.of(value.substring("subscription:".length()));
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }
}
