package dev.agis.discord;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Confirmations waiting for a click, keyed by the id of the interaction that asked. Claiming is
 * atomic: of two clicks on Confirm (a double click, a retried interaction) exactly one runs the
 * action; the other learns it is running or sees its outcome. Only the gateway owner receives
 * interactions, so the confirmations of one bot live in its memory; the action's ledger keys (from
 * the same interaction id) make even a repeat after a failover pay once.
 */
public class Confirmations {

    /** What a click on a confirmation button leads to. */
    public sealed interface Claim {
    }

    /** This click runs the action. */
    public record Run(Supplier<Reply> action) implements Claim {
    }

    /** Someone else's confirmation. */
    public record NotYours() implements Claim {
    }

    /** Unknown or past its expiry (also after a restart): nothing runs. */
    public record Expired() implements Claim {
    }

    /** Another click is running the action right now. */
    public record Running() implements Claim {
    }

    /** The action already ran (or was cancelled); this is its outcome. */
    public record Done(Reply outcome) implements Claim {
    }

    /** Cancelled by this click. */
    public record Cancelled() implements Claim {
    }

    private enum State { PENDING, RUNNING, DONE }

    private record Entry(String userId, Instant expiresAt, Supplier<Reply> action, State state, Reply outcome) {
        Entry with(State next, Reply result) {
            return new Entry(userId, expiresAt, action, next, result);
        }
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Duration timeout;
    private final Clock clock;

    public Confirmations(Duration timeout, Clock clock) {
        this.timeout = timeout;
        this.clock = clock;
    }

    public Duration timeout() {
        return timeout;
    }

    /** Registers a confirmation; a retried interaction with the same id keeps the first one. */
    public void offer(String token, String userId, Supplier<Reply> action) {
        Instant now = clock.instant();
        // finished and expired entries are kept a while, so a late second click still sees the outcome
        entries.values().removeIf(e -> e.expiresAt().plus(timeout).isBefore(now));
        entries.putIfAbsent(token, new Entry(userId, now.plus(timeout), action, State.PENDING, null));
    }

    public Claim confirm(String token, String userId) {
        return claim(token, userId, true);
    }

    public Claim cancel(String token, String userId) {
        return claim(token, userId, false);
    }

    /** Records the outcome of a {@link Run}, for clicks that come later. */
    public void complete(String token, Reply outcome) {
        entries.computeIfPresent(token, (k, e) -> e.with(State.DONE, outcome));
    }

    private Claim claim(String token, String userId, boolean confirm) {
        Claim[] result = new Claim[1];
        Instant now = clock.instant();
        entries.compute(token, (k, e) -> {
            if (e == null) {
                result[0] = new Expired();
                return null;
            }
            if (!e.userId().equals(userId)) {
                result[0] = new NotYours();
                return e;
            }
            switch (e.state()) {
                case RUNNING -> result[0] = new Running();
                case DONE -> result[0] = new Done(e.outcome());
                case PENDING -> {
                    if (now.isAfter(e.expiresAt())) {
                        result[0] = new Expired();
                        return e.with(State.DONE, expiredReply());
                    }
                    if (!confirm) {
                        result[0] = new Cancelled();
                        return e.with(State.DONE, cancelledReply());
                    }
                    result[0] = new Run(e.action());
                    return e.with(State.RUNNING, null);
                }
            }
            return e;
        });
        return result[0];
    }

    public static Reply expiredReply() {
        return Reply.error("Confirmation expired", "Nothing was done and nothing was charged.")
                .field("What to do", "Run the command again and confirm within the time shown.", false);
    }

    public static Reply cancelledReply() {
        return new Reply(Reply.Tone.INFO, "Cancelled", "Nothing was done and nothing was charged.", List.of(), true, null);
    }
}
