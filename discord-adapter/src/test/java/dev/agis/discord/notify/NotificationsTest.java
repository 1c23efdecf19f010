package dev.agis.discord.notify;

import com.sun.net.httpserver.HttpServer;
import dev.agis.discord.DiscordProperties;
import dev.agis.domain.account.AccountEvents.AccountCredited;
import dev.agis.domain.account.AccountEvents.AccountDebited;
import dev.agis.domain.account.AccountEvents.HoldCaptured;
import dev.agis.domain.account.AccountEvents.TransferSent;
import dev.agis.domain.account.AccountId;
import dev.agis.domain.account.MovementReason;
import dev.agis.domain.common.Actor;
import dev.agis.domain.common.Credits;
import dev.agis.domain.common.PlayerId;
import dev.agis.domain.consent.ConsentPurpose;
import dev.agis.domain.consent.ConsentQueries.CurrentConsent;
import dev.agis.domain.consent.ConsentQueries.FindCurrentConsent;
import dev.agis.domain.consent.ConsentQueries.PurposeConsent;
import dev.agis.domain.server.ServerEvents.ServerPaymentMissed;
import dev.agis.domain.server.ServerId;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * What reaches the payments and critical webhooks and the players, against a local HTTP server:
 * large guild treasury movements, a server on its grace period (also as a direct message through
 * the bot's REST API, 429 included), and each transition of an event processor into and out of
 * error, once.
 */
class NotificationsTest {

    static final AccountId GUILD = AccountId.guild("7001");
    static final AccountId PLAYER = AccountId.user("1001");
    static final Actor ACTOR = Actor.discord("1001");
    static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    static final ServerId SERVER = ServerId.of("server:0b7f6a52-3c1d-4e8f-9a2b-5c6d7e8f9a0b");

    private HttpServer server;
    private final Map<String, List<String>> posts = new HashMap<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private WebhookNotifier notifier;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        for (String channel : List.of("payments", "critical")) {
            List<String> bodies = new CopyOnWriteArrayList<>();
            posts.put(channel, bodies);
            server.createContext("/" + channel, exchange -> {
                try (exchange) {
                    bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                    exchange.sendResponseHeaders(204, -1);
                }
            });
        }
        // the bot's REST API: opening the DM channel answers 429 once, then the channel
        List<String> dms = new CopyOnWriteArrayList<>();
        posts.put("dm", dms);
        AtomicInteger channelOpens = new AtomicInteger();
        server.createContext("/api/users/@me/channels", exchange -> {
            try (exchange) {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
                byte[] answer = channelOpens.incrementAndGet() == 1
                        ? "{\"message\":\"You are being rate limited.\",\"retry_after\":0.2,\"global\":false}".getBytes(StandardCharsets.UTF_8)
                        : ("{\"id\":\"555\",\"type\":1,\"recipient\":" + body + "}").getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(channelOpens.get() == 1 ? 429 : 200, answer.length);
                exchange.getResponseBody().write(answer);
            }
        });
        server.createContext("/api/channels/555/messages", exchange -> {
            try (exchange) {
                dms.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
                exchange.sendResponseHeaders(200, -1);
            }
        });
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
        notifier = new WebhookNotifier(HttpClient.newHttpClient(), Map.of(WebhookChannel.PAYMENTS, URI.create(base + "payments"),
                WebhookChannel.CRITICAL, URI.create(base + "critical")), new WebhookNotifier.Bot(base + "api", "bot-token"),
                100, 3, Duration.ofMillis(50));
        notifier.start();
    }

    @AfterEach
    void stop() {
        notifier.stop();
        server.stop(0);
    }

    private Notifications notifications(long threshold) {
        return notifications(threshold, true);
    }

    /** The player {@link #PLAYER} has or has not consented to notifications. */
    private Notifications notifications(long threshold, boolean playerConsents) {
        DiscordProperties properties = new DiscordProperties("", "", "", "https://discord.com/api/v10/", Duration.ofMinutes(2),
                Duration.ofMillis(700), 4, Duration.ofSeconds(5), null, null,
                new DiscordProperties.Notifications(threshold, Duration.ofSeconds(10)));
        QueryGateway queries = mock(QueryGateway.class);
        PlayerId player = PlayerId.of(PLAYER.ownerId());
        when(queries.query(new FindCurrentConsent(player), CurrentConsent.class)).thenReturn(CompletableFuture.completedFuture(
                new CurrentConsent(player, List.of(new PurposeConsent(ConsentPurpose.NOTIFICATIONS, playerConsents, "2026-11", "discord", NOW)))));
        return new Notifications(notifier, properties, queries);
    }

    private static AccountCredited credited(AccountId account, long amount) {
        return new AccountCredited(account, Credits.of(amount), Credits.of(amount), Credits.ZERO, MovementReason.TRANSFER_IN,
                "transfer/1", ACTOR, "transfer:1", NOW);
    }

    @Test
    void guildTreasuryMovementsFromTheThresholdOnArePostedToPayments() {
        Notifications notifications = notifications(10_000);

        notifications.on(credited(GUILD, 9_999));                 // below
        notifications.on(credited(PLAYER, 50_000));               // a wallet, not a treasury
        notifications.on(credited(GUILD, 10_000));
        notifications.on(new AccountDebited(GUILD, Credits.of(25_000), Credits.of(1), Credits.ZERO, MovementReason.SERVER_COST,
                "server:x/period-1", Actor.system("billing"), "server:x", NOW));
        notifications.on(new TransferSent(GUILD, "t-9", PLAYER, Credits.of(12_000), Credits.ZERO, Credits.ZERO,
                "transfer/9", ACTOR, NOW));
        notifications.on(new HoldCaptured(GUILD, "server:y/period-0", Credits.of(5_000), Credits.ZERO, Credits.ZERO,
                MovementReason.SERVER_COST, Actor.system("billing"), "server:y", NOW));

        await().atMost(Duration.ofSeconds(10)).until(() -> notifier.delivered() == 3);
        List<String> payments = posts.get("payments");
        assertThat(payments).hasSize(3).allMatch(b -> b.contains("Large treasury movement"));
        assertThat(payments.get(0)).contains("10000 GC in");
        assertThat(payments.get(1)).contains("25000 GC out", "SERVER_COST");
        assertThat(payments.get(2)).contains("12000 GC out to " + PLAYER);
        assertThat(posts.get("critical")).isEmpty();
    }

    @Test
    void aServerRunningOnItsGracePeriodIsPostedToPaymentsAndToItsPlayerDirectly() {
        Notifications notifications = notifications(10_000);
        Instant stopsAt = NOW.plus(Duration.ofMinutes(120));

        notifications.on(new ServerPaymentMissed(SERVER, PLAYER, 4, Credits.of(30), stopsAt, NOW));
        notifications.on(new ServerPaymentMissed(SERVER, GUILD, 4, Credits.of(95), stopsAt, NOW)); // a treasury: no DM

        await().atMost(Duration.ofSeconds(10)).until(() -> notifier.delivered() == 3);
        assertThat(posts.get("payments")).hasSize(2).allMatch(b -> b.contains("Payment overdue"));
        assertThat(posts.get("dm")).singleElement().satisfies(b -> assertThat(b)
                .contains("Your server will stop", "30 GC", "<t:" + stopsAt.getEpochSecond() + ":f>"));
        assertThat(authorizations).containsOnly("Bot bot-token");
        assertThat(notifier.dropped()).isZero();
    }

    @Test
    void aPlayerWithoutConsentToNotificationsGetsNoDirectMessage() {
        Notifications notifications = notifications(10_000, false);

        notifications.on(new ServerPaymentMissed(SERVER, PLAYER, 4, Credits.of(30), NOW.plus(Duration.ofMinutes(120)), NOW));

        await().atMost(Duration.ofSeconds(10)).until(() -> notifier.delivered() == 1);
        assertThat(posts.get("payments")).singleElement().satisfies(b -> assertThat(b).contains("Payment overdue"));
        assertThat(posts.get("dm")).isEmpty();
    }

    @Test
    void aProcessorEnteringAndLeavingErrorIsPostedOncePerTransition() {
        Map<String, ProcessorErrorWatch.Status> states = new HashMap<>();
        states.put("ledger", ProcessorErrorWatch.Status.OK);
        states.put("server-billing", ProcessorErrorWatch.Status.OK);
        ProcessorErrorWatch watch = new ProcessorErrorWatch(() -> Map.copyOf(states), notifier, "agis-0", Duration.ofSeconds(10));

        watch.check();
        states.put("ledger", new ProcessorErrorWatch.Status(true, "org.postgresql.util.PSQLException: disk full"));
        watch.check();
        watch.check();                                            // still in error: no repeat
        watch.check();
        states.put("ledger", ProcessorErrorWatch.Status.OK);
        watch.check();
        watch.check();

        await().atMost(Duration.ofSeconds(10)).until(() -> notifier.delivered() == 2);
        List<String> critical = posts.get("critical");
        assertThat(critical).hasSize(2);
        assertThat(critical.get(0)).contains("Event processor in error", "`ledger` on agis-0", "disk full");
        assertThat(critical.get(1)).contains("Event processor recovered", "`ledger`");
        assertThat(posts.get("payments")).isEmpty();
    }

    @Test
    void theStatusIsReadFromAxonsStreamingProcessorsLikeTheReadinessCheckDoes() {
        StreamingEventProcessor failing = mock(StreamingEventProcessor.class);
        EventTrackerStatus segment = mock(EventTrackerStatus.class);
        when(segment.isErrorState()).thenReturn(true);
        when(segment.getError()).thenReturn(new IllegalStateException("handler failed"));
        when(failing.isError()).thenReturn(true);
        when(failing.processingStatus()).thenReturn(Map.of(0, segment));
        StreamingEventProcessor healthy = mock(StreamingEventProcessor.class);
        when(healthy.processingStatus()).thenReturn(Map.of());
        EventProcessor subscribing = mock(EventProcessor.class);
        EventProcessingConfiguration processing = mock(EventProcessingConfiguration.class);
        when(processing.eventProcessors()).thenReturn(Map.of("ledger", failing, "servers", healthy, "discord-notifications", subscribing));

        assertThat(ProcessorErrorWatch.of(processing).get()).containsOnly(
                Map.entry("ledger", new ProcessorErrorWatch.Status(true, "java.lang.IllegalStateException: handler failed")),
                Map.entry("servers", ProcessorErrorWatch.Status.OK));
    }
}
