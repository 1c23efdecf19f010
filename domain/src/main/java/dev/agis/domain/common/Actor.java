package dev.agis.domain.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Who caused a change, for the audit trail: {@code user:<discordId>}, {@code admin:<discordId>},
 * {@code system:<component>} (e.g. {@code system:ayet}, {@code system:billing}), {@code operator:<name>} (the CLI).
 */
public record Actor(String value) {

    private static final Pattern FORMAT = Pattern.compile("(user|admin|system|apikey|operator):[A-Za-z0-9._\\-]{1,64}");

    public Actor {
        Objects.requireNonNull(value, "actor");
        if (!FORMAT.matcher(value).matches()) {
            throw new DomainException(CommonError.INVALID_ARGUMENT, "actor must look like user:<id>, admin:<id>, system:<name>, apikey:<id> or operator:<name>, was '" + value + "'");
        }
    }

    @JsonCreator
    public static Actor of(String value) {
        return new Actor(value);
    }

    public static Actor user(String discordId) {
        return new Actor("user:" + discordId);
    }

    public static Actor admin(String discordId) {
        return new Actor("admin:" + discordId);
    }

    /** An operator at the command line ({@code agis privacy erase …}). */
    public static Actor operator(String name) {
        return new Actor("operator:" + name);
    }

    public static Actor system(String component) {
        return new Actor("system:" + component);
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
