package dev.agis.discord;

import dev.agis.domain.common.DomainErrorDetails;
import dev.agis.domain.common.Failures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.Map;

/**
 * The one mapping from a failure to an ephemeral reply (the Discord twin of the HTTP edge's
 * {@code ApiExceptionHandler}): what was wrong, the stable code, and what to do. Domain errors are
 * found with {@link Failures}, whatever they arrive wrapped in; anything else is logged and
 * answered without internals.
 */
public final class ErrorReplies {

    private static final Logger log = LoggerFactory.getLogger(ErrorReplies.class);

    /** What to do about the codes a Discord user meets; other codes fall back to their category. */
    private static final Map<String, String> HINTS = Map.ofEntries(
            Map.entry("INSUFFICIENT_FUNDS", "Check `/balance`; earn credits with ad offers, or pick a cheaper template (`/server templates`)."),
            Map.entry("CONCURRENT_LIMIT_REACHED", "Stop or terminate one of your servers (`/server list`), or upgrade your subscription."),
            Map.entry("TEMPLATE_NOT_FOUND", "Pick a template from `/server templates` (the option completes as you type)."),
            Map.entry("GUILD_ONLY_TEMPLATE", "This template is paid from a guild treasury; pick a player template from `/server templates`."),
            Map.entry("SERVER_NOT_FOUND", "Pick one of your servers from `/server list` (the option completes as you type)."),
            Map.entry("NOT_OWNER", "You can only manage your own servers; see `/server list`."),
            Map.entry("INVALID_STATE", "Look at the server's state with `/server info` and choose an action that fits it."),
            Map.entry("INVALID_NAME", "Use a shorter name of letters, digits, spaces, '-' or '_'."),
            Map.entry("SELF_TRANSFER", "Choose a different destination."),
            Map.entry("INVALID_AMOUNT", "Give a whole number of credits, at least 1."),
            Map.entry("SCOPE_NOT_HELD", "Players may grant read:servers, write:servers, read:stats and privacy; read:analytics and admin "
                    + "only operators, in the operator guild."),
            Map.entry("INVALID_SCOPE", "Give scopes separated by commas, e.g. `read:servers,write:servers`."),
            Map.entry("API_KEY_NOT_FOUND", "Pick one of your keys; `/apikey list` shows them (the option completes as you type)."),
            Map.entry("IDEMPOTENCY_KEY_REUSED", "Run the command again: each run gets its own key."),
            Map.entry("NOT_GRANTED", "See `/consent show`; only a granted consent can be withdrawn."),
            Map.entry("UNKNOWN_PURPOSE", "Pick ads, analytics or notifications (the option lists them)."));

    private ErrorReplies() {
    }

    public static Reply of(Throwable failure) {
        if (failure instanceof CommandRefused refused) {
            return reply(refused.code(), refused.getMessage(), refused.hint());
        }
        return Failures.domainError(failure)
                .map(ErrorReplies::fromDomain)
                .orElseGet(() -> {
                    log.error("A Discord command failed unexpectedly", failure);
                    return reply("INTERNAL_ERROR", "Something went wrong on our side; it has been logged.",
                            "Try again in a minute. Nothing was charged twice: repeated actions are idempotent.");
                });
    }

    public static Reply fromDomain(DomainErrorDetails d) {
        String hint = HINTS.getOrDefault(d.code(), switch (d.category()) {
            case INVALID -> "Check the options and run the command again.";
            case FORBIDDEN -> "You are not allowed to do that here.";
            case NOT_FOUND -> "Check the name or id; the options complete as you type.";
            case CONFLICT -> "The current state does not allow that; look at it first, then try again.";
            case INSUFFICIENT_FUNDS -> "Check `/balance` and earn credits with ad offers.";
        });
        return reply(d.code(), d.message(), hint);
    }

    private static Reply reply(String code, String message, String hint) {
        return Reply.error(title(code), message).field("What to do", hint, false).field("Code", "`" + code + "`", false);
    }

    /** INSUFFICIENT_FUNDS → "Insufficient funds". */
    static String title(String code) {
        String words = code.replace('_', ' ').toLowerCase(Locale.ROOT);
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }
}
