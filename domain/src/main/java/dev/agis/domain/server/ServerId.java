package dev.agis.domain.server;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.agis.domain.common.CommonError;
import dev.agis.domain.common.DomainException;

import java.util.UUID;
import java.util.regex.Pattern;

/** Identifies a game server: {@code server:<uuid>}, also its aggregate identifier. */
public record ServerId(String value) {

    private static final Pattern FORMAT = Pattern.compile("server:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    public ServerId {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new DomainException(CommonError.INVALID_ARGUMENT, "server id must look like server:<uuid>, was '" + value + "'");
        }
    }

    @JsonCreator
    public static ServerId of(String value) {
        return new ServerId(value);
    }

    public static ServerId newId() {
        return new ServerId("server:" + UUID.randomUUID());
    }

    /** The uuid part, used in URLs and Kubernetes labels (which do not allow ':'). */
    public String uuid() {
        return value.substring("server:".length());
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
