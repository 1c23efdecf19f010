package dev.agis.domain.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Who caused a change, for the audit trail: {@code discord:<userId>} (the user of a Discord
 * interaction), {@code user:<discordId>} and {@code admin:<discordId>}, {@code system:<component>}
 * (e.g. {@code system:ayet}, {@code system:billing}), {@code apikey:<uuid>} (a request authenticated by
 * that API key), {@code operator:<name>} (the {@code agis} command line).
 */
public record Actor(String value) {

    private static final Pattern FORMAT = Pattern.compile("(user|admin|system|apikey|operator|discord):[A-Za-z0-9._\\-]{1,64}");

    public Actor {
        Objects.requireNonNull(value, "actor");
        if (!FORMAT.matcher(value).matches()) {
            throw new DomainException(CommonError.INVALID_ARGUMENT, "actor must look like user:<id>, admin:<id>, discord:<userId>, system:<name>, apikey:<id> or operator:<name>, was '" + value + "'");
        }
    }

    @JsonCreator
    public static Actor of(String value) {
        return new Actor(value);
    }

    public static Actor user(String discordId) {
        return new Actor("user:" + discordId);
    }

    /** The Discord user behind an interaction (a slash command or a button click). */
    public static Actor discord(String userId) {
        return new Actor("discord:" + userId);
    }

    public static Actor admin(String discordId) {
        return new Actor("admin:" + discordId);
    }

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
