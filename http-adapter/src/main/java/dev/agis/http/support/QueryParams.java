package dev.agis.http.support;

import dev.agis.domain.common.CommonError;
import dev.agis.domain.common.DomainException;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;

/**
 * Filters of list endpoints, parsed from the raw query parameter: absent or blank is "no filter",
 * anything unparseable is a 400 {@code INVALID_ARGUMENT} naming the parameter, never silently ignored.
 */
public final class QueryParams {

    private QueryParams() {
    }

    public static Boolean bool(String name, String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        return switch (raw.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw new DomainException(CommonError.INVALID_ARGUMENT, name + " must be true or false");
        };
    }

    public static Instant instant(String name, String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(raw.strip());
        } catch (DateTimeParseException e) {
            throw new DomainException(CommonError.INVALID_ARGUMENT, name + " must be an ISO-8601 instant, e.g. 2026-01-31T00:00:00Z");
        }
    }

    /** The constant of {@code type} named by {@code raw}, case-insensitive. */
    public static <E extends Enum<E>> E enumValue(Class<E> type, String name, String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, raw.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new DomainException(CommonError.INVALID_ARGUMENT, name + " '" + raw + "' is not one of "
                    + Arrays.toString(type.getEnumConstants()));
        }
    }
}
