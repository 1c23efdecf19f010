package dev.agis.domain.apikey;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.agis.domain.common.Actor;
import dev.agis.domain.common.CommonError;
import dev.agis.domain.common.DomainException;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Identifies an API key: {@code apikey:<uuid>}, also its aggregate identifier and, unchanged, the
 * actor of every command sent on the key's behalf. The id is public (listed, used in URLs); the
 * secret is not part of it.
 */
public record ApiKeyId(String value) {

    private static final Pattern FORMAT = Pattern.compile("apikey:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    public ApiKeyId {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new DomainException(CommonError.INVALID_ARGUMENT, "api key id must look like apikey:<uuid>, was '" + value + "'");
        }
    }

    @JsonCreator
    public static ApiKeyId of(String value) {
        return new ApiKeyId(value);
    }

    /** The id as given by a person: with or without the {@code apikey:} prefix. */
    public static ApiKeyId parse(String raw) {
        if (raw == null) {
            throw new DomainException(CommonError.INVALID_ARGUMENT, "api key id is required");
        }
        String trimmed = raw.trim();
        return new ApiKeyId(trimmed.startsWith("apikey:") ? trimmed : "apikey:" + trimmed);
    }

    public static ApiKeyId newId() {
        return new ApiKeyId("apikey:" + UUID.randomUUID());
    }

    public String uuid() {
        return value.substring("apikey:".length());
    }

    /** Who acts when a request authenticated by this key sends a command: {@code apikey:<uuid>}. */
    public Actor actor() {
        return Actor.of(value);
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }

    /** Axon uses toString() of a target identifier as the aggregate id. */
    @Override
    public String toString() {
        return value;
    }
}
