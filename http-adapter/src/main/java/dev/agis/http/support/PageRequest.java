package dev.agis.http.support;

import dev.agis.domain.common.DomainException;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * The {@code limit} and {@code cursor} of a list request, validated. The cursor is opaque to
 * clients: base64url of the sort key of the previous page's last row, so the next page starts
 * strictly after it and rows inserted meanwhile neither repeat nor vanish (unlike an offset).
 * Every list endpoint pages this way and answers a {@link Page}.
 *
 * @param limit how many rows the page holds at most
 * @param after the sort key of the previous page's last row, empty for the first page
 */
public record PageRequest(int limit, List<String> after) {

    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;

    // unit separator: cannot appear in ids, instants or numbers, so no escaping is needed
    private static final char SEPARATOR = '\u001f';
    private static final String VERSION = "1";

    public PageRequest {
        after = List.copyOf(after);
    }

    /** Parses the raw query parameters with the usual default (20) and maximum (100). */
    public static PageRequest of(String limit, String cursor) {
        return of(limit, cursor, DEFAULT_LIMIT, MAX_LIMIT);
    }

    /** Parses the raw query parameters; either may be null or blank. */
    public static PageRequest of(String limit, String cursor, int defaultLimit, int maxLimit) {
        return new PageRequest(parseLimit(limit, defaultLimit, maxLimit), decode(cursor));
    }

    /** True for the first page (no cursor). */
    public boolean first() {
        return after.isEmpty();
    }

    /** How many rows to fetch: one more than the page holds tells whether there is a next page. */
    public int fetchSize() {
        return limit + 1;
    }

    /** The cursor's key has exactly this many parts (a cursor of another list is refused). */
    public PageRequest expectParts(int parts) {
        if (!first() && after.size() != parts) {
            throw invalidCursor();
        }
        return this;
    }

    /** Part {@code i} of the cursor's key; null on the first page. */
    public String afterString(int i) {
        return first() ? null : part(i);
    }

    public Long afterLong(int i) {
        if (first()) {
            return null;
        }
        try {
            return Long.parseLong(part(i));
        } catch (NumberFormatException e) {
            throw invalidCursor();
        }
    }

    public Instant afterInstant(int i) {
        if (first()) {
            return null;
        }
        try {
            return Instant.parse(part(i));
        } catch (DateTimeParseException e) {
            throw invalidCursor();
        }
    }

    /** The opaque cursor for a sort key (its parts' {@code toString()}, instants in ISO-8601). */
    public static String encode(Object... sortKey) {
        if (sortKey.length == 0) {
            throw new IllegalArgumentException("a cursor needs a sort key");
        }
        StringBuilder text = new StringBuilder(VERSION);
        for (Object part : sortKey) {
            String s = String.valueOf(part);
            if (s.indexOf(SEPARATOR) >= 0) {
                throw new IllegalArgumentException("a sort key part contains the cursor separator");
            }
            text.append(SEPARATOR).append(s);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    private String part(int i) {
        if (i < 0 || i >= after.size()) {
            throw invalidCursor();
        }
        return after.get(i);
    }

    private static int parseLimit(String limit, int defaultLimit, int maxLimit) {
        if (limit == null || limit.isBlank()) {
            return defaultLimit;
        }
        int value;
        try {
            value = Integer.parseInt(limit.strip());
        } catch (NumberFormatException e) {
            throw invalidLimit(maxLimit);
        }
        if (value < 1 || value > maxLimit) {
            throw invalidLimit(maxLimit);
        }
        return value;
    }

    private static List<String> decode(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return List.of();
        }
        String text;
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(cursor.strip());
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (IllegalArgumentException | CharacterCodingException e) {
            throw invalidCursor();
        }
        List<String> parts = Arrays.asList(text.split(String.valueOf(SEPARATOR), -1));
        if (parts.size() < 2 || !VERSION.equals(parts.get(0))) {
            throw invalidCursor();
        }
        return parts.subList(1, parts.size());
    }

    private static DomainException invalidLimit(int maxLimit) {
        return new DomainException(PaginationError.INVALID_LIMIT, "limit must be a whole number from 1 to " + maxLimit);
    }

    private static DomainException invalidCursor() {
        return new DomainException(PaginationError.INVALID_CURSOR,
                "cursor must be the nextCursor of a previous page of this list, unchanged");
    }
}
