package dev.agis.domain.consent;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.agis.domain.common.CommonError;
import dev.agis.domain.common.DomainException;
import dev.agis.domain.common.PlayerId;

import java.util.regex.Pattern;

/** Identifies one player's consent to one purpose: {@code consent:<playerId>:<purpose>}. */
public record ConsentId(String value) {

    private static final Pattern FORMAT = Pattern.compile("consent:" + PlayerId.REGEX + ":(ads|analytics|notifications)");

    public ConsentId {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new DomainException(CommonError.INVALID_ARGUMENT, "consent id must look like consent:<playerId>:<purpose>");
        }
    }

    @JsonCreator
    public static ConsentId of(String value) {
        return new ConsentId(value);
    }

    public static ConsentId of(PlayerId player, ConsentPurpose purpose) {
        return new ConsentId("consent:" + player.value() + ":" + purpose.wireName());
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
