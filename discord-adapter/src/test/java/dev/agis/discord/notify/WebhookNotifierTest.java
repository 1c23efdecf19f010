package dev.agis.discord.notify;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.awt.Color;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Webhook delivery against a local HTTP server that answers what a test scripts, 429 included. */
class WebhookNotifierTest {

    record Answer(int status, String retryAfterHeader, String body) {
    }

    private HttpServer server;
    private final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();
    private final List<Long> received = new CopyOnWriteArrayList<>();
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private WebhookNotifier notifier;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        server.createContext("/hook", exchange -> {
            try (exchange) {
                bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                received.add(System.nanoTime());
                Answer answer = script.poll();
                if (answer == null) {
                    answer = new Answer(204, null, null);
                }
                if (answer.retryAfterHeader() != null) {
                    exchange.getResponseHeaders().add("Retry-After", answer.retryAfterHeader());
                }
                if (answer.body() == null) {
                    exchange.sendResponseHeaders(answer.status(), -1);
                } else {
                    byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().add("Content-Type", "application/json");
                    exchange.sendResponseHeaders(answer.status(), bytes.length);
                    exchange.getResponseBody().write(bytes);
                }
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        if (notifier != null) {
            notifier.stop();
        }
        server.stop(0);
    }

    private WebhookNotifier notifier(int capacity) {
        URI hook = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
        return new WebhookNotifier(HttpClient.newHttpClient(), Map.of(WebhookChannel.INFRA, hook), capacity, 5, Duration.ofMillis(50));
    }

    @Test
    void waitsAsARateLimitSaysAndRetriesServerErrors() {
        script.add(new Answer(429, "1", "{\"message\":\"You are being rate limited.\",\"retry_after\":0.3,\"global\":false}"));
        script.add(new Answer(429, "0.2", null));
        script.add(new Answer(502, null, null));
        notifier = notifier(10);
        notifier.start();

        assertThat(notifier.post(WebhookChannel.INFRA, "Server crashed", "details", Color.RED)).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> notifier.delivered() == 1);

        assertThat(received).hasSize(4);
        assertThat(received.get(1) - received.get(0)).as("retry_after of the body").isGreaterThanOrEqualTo(300_000_000L);
        assertThat(received.get(2) - received.get(1)).as("Retry-After header").isGreaterThanOrEqualTo(200_000_000L);
        assertThat(bodies.get(3)).contains("\"title\":\"Server crashed\"");
        assertThat(notifier.dropped()).isZero();
    }

    @Test
    void aRefusedNotificationIsDroppedNotRetried() {
        script.add(new Answer(404, null, "{\"message\":\"Unknown Webhook\",\"code\":10015}"));
        notifier = notifier(10);
        notifier.start();
        notifier.post(WebhookChannel.INFRA, "a", "b", Color.RED);
        notifier.post(WebhookChannel.INFRA, "second", "b", Color.RED);
        await().atMost(Duration.ofSeconds(10)).until(() -> notifier.delivered() == 1);
        assertThat(notifier.dropped()).isEqualTo(1);
        assertThat(received).hasSize(2);
    }

    @Test
    void givesUpAfterTheLastAttempt() {
        for (int i = 0; i < 5; i++) {
            script.add(new Answer(500, null, null));
        }
        notifier = notifier(10);
        notifier.start();
        notifier.post(WebhookChannel.INFRA, "a", "b", Color.RED);
        await().atMost(Duration.ofSeconds(10)).until(() -> notifier.dropped() == 1);
        assertThat(received).hasSize(5);
        assertThat(notifier.delivered()).isZero();
    }

    @Test
    void theQueueIsBoundedAndPostingNeverBlocks() {
        notifier = notifier(2); // not started: nothing drains the queue
        assertThat(notifier.post(WebhookChannel.INFRA, "1", "x", Color.RED)).isTrue();
        assertThat(notifier.post(WebhookChannel.INFRA, "2", "x", Color.RED)).isTrue();
        assertThat(notifier.post(WebhookChannel.INFRA, "3", "x", Color.RED)).isFalse();
        assertThat(notifier.dropped()).isEqualTo(1);
    }

    @Test
    void aChannelWithoutWebhookPostsNothing() {
        notifier = notifier(2);
        assertThat(notifier.configured(WebhookChannel.SECURITY)).isFalse();
        assertThat(notifier.post(WebhookChannel.SECURITY, "1", "x", Color.RED)).isFalse();
        assertThat(notifier.dropped()).isZero();
    }
}
