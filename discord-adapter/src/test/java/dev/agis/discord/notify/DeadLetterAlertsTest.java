package dev.agis.discord.notify;

import dev.agis.domain.operations.DeadLetterParked;
import org.junit.jupiter.api.Test;

import java.awt.Color;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DeadLetterAlertsTest {

    record Posted(WebhookChannel channel, String title, String description) {
    }

    @Test
    void aParkedLetterIsPostedToTheCriticalChannelWithWhatAnOperatorNeeds() {
        List<Posted> posted = new ArrayList<>();
        WebhookNotifier notifier = new WebhookNotifier(HttpClient.newHttpClient(), Map.of(WebhookChannel.CRITICAL,
                URI.create("http://127.0.0.1:1/hook")), 10, 1, Duration.ofMillis(1)) {
            @Override
            public boolean post(WebhookChannel channel, String title, String description, Color color) {
                posted.add(new Posted(channel, title, description));
                return true;
            }
        };

        new DeadLetterAlerts(notifier).on(new DeadLetterParked("ledger", "account:user:42",
                "dev.agis.domain.account.AccountEvents$AccountCredited", "event-1", "java.lang.IllegalStateException: boom", 6,
                Instant.parse("2026-12-02T10:00:00Z")));

        assertThat(posted).singleElement().satisfies(p -> {
            assertThat(p.channel()).isEqualTo(WebhookChannel.CRITICAL);
            assertThat(p.description()).contains("AccountEvents.AccountCredited", "account:user:42", "ledger", "6 times",
                    "2026-12-02T10:00:00Z", "IllegalStateException: boom", "agis dead-letters retry");
        });
    }
}
