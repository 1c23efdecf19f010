package dev.agis.domain.apikey;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.agis.domain.common.DomainException;

import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What an API key may do (SPEC §2.9). {@link #ADMIN} holds every other scope, so an operator's
 * first key can hand out any of them.
 */
public enum ApiScope {
    READ_SERVERS("read:servers"),
    WRITE_SERVERS("write:servers"),
    READ_STATS("read:stats"),
    READ_ANALYTICS("read:analytics"),
    /**
     * The owner's personal data: export it, ask for its erasure, read and change consent. Its own
     * scope because an export hands out everything about the person and an erasure cannot be undone;
     * neither belongs to a key made for servers or stats.
     */
    PRIVACY("privacy"),
    ADMIN("admin");

    private final String value;

    ApiScope(String value) {
        this.value = value;
    }

    /** The wire name, e.g. {@code read:servers}: in JSON, in the CLI and in stored events. */
    @JsonValue
    public String value() {
        return value;
    }

    /** The scope with this wire name, or an {@link ApiKeyError#INVALID_SCOPE} domain error. */
    @JsonCreator
    public static ApiScope of(String value) {
        String wanted = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(s -> s.value.equals(wanted)).findFirst()
                .orElseThrow(() -> new DomainException(ApiKeyError.INVALID_SCOPE,
                        "unknown scope '" + value + "'; known scopes: " + names()));
    }

    /** Comma-separated wire names, as the CLI takes them: {@code read:servers,write:servers}. */
    public static Set<ApiScope> parseList(String commaSeparated) {
        if (commaSeparated == null || commaSeparated.isBlank()) {
            return EnumSet.noneOf(ApiScope.class);
        }
        return Arrays.stream(commaSeparated.split(",")).filter(s -> !s.isBlank()).map(ApiScope::of)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(ApiScope.class)));
    }

    /** Every scope that {@code held} grants: {@code admin} grants all of them. */
    public static Set<ApiScope> effective(Collection<ApiScope> held) {
        if (held.contains(ADMIN)) {
            return EnumSet.allOf(ApiScope.class);
        }
        return held.isEmpty() ? EnumSet.noneOf(ApiScope.class) : EnumSet.copyOf(held);
    }

    public static String names() {
        return Arrays.stream(values()).map(ApiScope::value).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return value;
    }
}
