package dev.agis.discord;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The states of a confirmation: one click runs it, every other click learns why not. */
class ConfirmationsTest {

    private Instant now = Instant.parse("2026-12-02T12:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private final Confirmations confirmations = new Confirmations(Duration.ofMinutes(2), clock);
    private final AtomicInteger runs = new AtomicInteger();

    private void offer(String token) {
        confirmations.offer(token, "42", () -> {
            runs.incrementAndGet();
            return Reply.success("Done", null);
        });
    }

    @Test
    void theFirstConfirmRunsAndLaterClicksSeeItsOutcome() {
        offer("1");
        Confirmations.Claim first = confirmations.confirm("1", "42");
        assertThat(first).isInstanceOf(Confirmations.Run.class);
        assertThat(confirmations.confirm("1", "42")).isInstanceOf(Confirmations.Running.class);

        Reply outcome = ((Confirmations.Run) first).action().get();
        confirmations.complete("1", outcome);
        assertThat(confirmations.confirm("1", "42")).isEqualTo(new Confirmations.Done(outcome));
        assertThat(confirmations.cancel("1", "42")).isEqualTo(new Confirmations.Done(outcome));
        assertThat(runs).hasValue(1);
    }

    @Test
    void onlyTheUserWhoAskedMayClick() {
        offer("1");
        assertThat(confirmations.confirm("1", "7")).isInstanceOf(Confirmations.NotYours.class);
        assertThat(confirmations.confirm("1", "42")).isInstanceOf(Confirmations.Run.class);
    }

    @Test
    void aConfirmationExpires() {
        offer("1");
        now = now.plus(Duration.ofMinutes(2)).plusSeconds(1);
        assertThat(confirmations.confirm("1", "42")).isInstanceOf(Confirmations.Expired.class);
        assertThat(confirmations.confirm("1", "42")).isInstanceOf(Confirmations.Done.class);
        assertThat(runs).hasValue(0);
    }

    @Test
    void cancellingRunsNothing() {
        offer("1");
        assertThat(confirmations.cancel("1", "42")).isInstanceOf(Confirmations.Cancelled.class);
        assertThat(confirmations.confirm("1", "42")).isInstanceOf(Confirmations.Done.class);
        assertThat(runs).hasValue(0);
    }

    @Test
    void aRetriedInteractionKeepsTheFirstConfirmationAndAnUnknownOneIsExpired() {
        offer("1");
        Confirmations.Claim first = confirmations.confirm("1", "42");
        offer("1");
        assertThat(confirmations.confirm("1", "42")).isInstanceOf(Confirmations.Running.class);
        assertThat(first).isInstanceOf(Confirmations.Run.class);
        assertThat(confirmations.confirm("unknown", "42")).isInstanceOf(Confirmations.Expired.class);
    }
}
