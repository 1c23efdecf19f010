package dev.agis.domain.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.regex.Pattern;

/**
 * A player: the Discord user id of the person who plays, as ad networks, experiments, subscriptions
 * and wallets name them. It lives in {@code common}, next to {@link Actor} and {@link Credits},
 * because every context names players and none owns them: {@code account} and {@code subscription}
 * build their ids from it, conversions and experiments carry it.
 *
 * <p>This record holds the one rule of what a player id looks like ({@link #REGEX}); ayeT passes
 * our id back verbatim as {@code external_identifier}, so the rule is the id alphabet, not just
 * snowflake digits. In JSON it is the plain string, so events stored with {@code "playerId":"123"}
 * read unchanged.
 */
public record PlayerId(String value) {

    /** The rule as a regular expression, for ids that embed a player ({@code account:user:<player>}). */
    public static final String REGEX = "[A-Za-z0-9_\\-]{1,64}";
    private static final Pattern FORMAT = Pattern.compile(REGEX);
    private static final String RULE = "player id must be 1..64 characters of A-Z, a-z, 0-9, '-' or '_'";

    public PlayerId {
        if (!isValid(value)) {
            throw new DomainException(CommonError.INVALID_ARGUMENT, RULE);
        }
    }

    @JsonCreator
    public static PlayerId of(String value) {
        return new PlayerId(value);
    }

    /**
     * The player named by raw input, failing with the caller's own code (e.g. a context's
     * {@code INVALID_PLAYER}), so every context keeps its error code while the rule stays here.
     */
    public static PlayerId parse(String raw, ErrorCode codeIfInvalid) {
        if (!isValid(raw)) {
            throw new DomainException(codeIfInvalid, RULE);
        }
        return new PlayerId(raw);
    }

    /** For edges that answer bad input in their own way instead of with an exception. */
    public static boolean isValid(String raw) {
        return raw != null && FORMAT.matcher(raw).matches();
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }

    /** The plain id, so string concatenation and logs show what they showed before. */
    @Override
    public String toString() {
        return value;
    }
}
