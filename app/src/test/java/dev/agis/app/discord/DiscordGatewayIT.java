package dev.agis.app.discord;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agis.app.AbstractIntegrationTest;
import dev.agis.app.discord.FakeDiscord.Request;
import dev.agis.discord.DiscordBot;
import dev.agis.discord.ownership.AdvisoryLockOwnership;
import dev.agis.discord.ownership.GatewayOwnership;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The real JDA client against a fake Discord on loopback: login, gateway session, command
 * registration, and interactions answered over the real wire (callbacks and webhook edits), from
 * a grant to a running server and its charge; then 50 interactions at once, each acknowledged;
 * then the gateway taken over by another contender when the owner's database session dies.
 *
 * <p>Its own configuration (token, fake Discord) makes this an AGIS instance of its own: it is
 * closed afterwards, so its event processors release their claims and a later test's replay does
 * not find them held.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class DiscordGatewayIT extends AbstractIntegrationTest {

    static final String OPERATOR_GUILD = "910000000000000001";
    static final String PLAYER_GUILD = "910000000000000002";
    static final FakeDiscord discord;

    static {
        try {
            discord = new FakeDiscord();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Autowired
    DataSource dataSource;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    GatewayOwnership ownership;
    @Autowired
    DiscordBot bot;

    @DynamicPropertySource
    static void discordProperties(DynamicPropertyRegistry registry) {
        registry.add("agis.discord.token", () -> FakeDiscord.TOKEN);
        registry.add("agis.discord.api-base-url", discord::apiBaseUrl);
        registry.add("agis.discord.admin-guild-id", () -> OPERATOR_GUILD);
    }

    @AfterAll
    static void stopDiscord() throws IOException {
        discord.close();
    }

    private static String newUser() {
        return String.valueOf(ThreadLocalRandom.current().nextLong(100_000_000_000_000L, 999_999_999_999_999L));
    }

    /** Sends an interaction and waits for its final answer: the embed of a reply, an update or a webhook edit. */
    private JsonNode interact(Map<String, Object> interaction) {
        String id = (String) interaction.get("id");
        discord.dispatchInteraction(interaction);
        await().atMost(Duration.ofSeconds(30)).until(() -> finalAnswer(id).isPresent());
        return finalAnswer(id).orElseThrow();
    }

    private static Optional<JsonNode> finalAnswer(String id) {
        JsonNode last = null;
        for (Request r : discord.answersTo(id)) {
            JsonNode body = r.body();
            if (r.path().startsWith("interactions/") && body != null && body.path("type").asInt() != 5 && body.path("type").asInt() != 6) {
                last = body.path("data");
            } else if (r.path().startsWith("webhooks/") && body != null && body.has("embeds")) {
                last = body;
            }
        }
        return Optional.ofNullable(last);
    }

    private static String title(JsonNode message) {
        return message.path("embeds").path(0).path("title").asText();
    }

    private static String field(JsonNode message, String name) {
        return StreamSupport.stream(message.path("embeds").path(0).path("fields").spliterator(), false)
                .filter(f -> name.equals(f.path("name").asText())).map(f -> f.path("value").asText()).findFirst().orElse(null);
    }

    private static String confirmButton(JsonNode message) {
        return StreamSupport.stream(message.path("components").path(0).path("components").spliterator(), false)
                .map(b -> b.path("custom_id").asText()).filter(id -> id.startsWith("agis:confirm:")).findFirst().orElseThrow();
    }

    private JsonNode slash(String user, String guild, boolean manageServer, String name, String subcommand,
                           List<Map<String, Object>> options) {
        return interact(discord.slashCommand(discord.snowflake(), user, guild, manageServer, name, subcommand, options));
    }

    private JsonNode click(String user, String guild, String button) {
        return interact(discord.buttonClick(discord.snowflake(), user, guild, button));
    }

    private void awaitSession() {
        await().atMost(Duration.ofSeconds(30)).until(discord::ready);
    }

    @Test
    @Order(1)
    void logsInRegistersTheCommandsAndAnswersAJourneyOverTheWire() {
        awaitSession();
        await().atMost(Duration.ofSeconds(30)).until(() -> discord.requests().stream()
                .filter(r -> r.method().equals("PUT")).count() == 2);
        JsonNode global = put("applications/" + FakeDiscord.APPLICATION_ID + "/commands");
        assertThat(names(global)).contains("balance", "contribute", "server", "guild-server", "schedule", "subscription", "leaderboard")
                .doesNotContain("grant", "experiment", "conversion");
        JsonNode operator = put("applications/" + FakeDiscord.APPLICATION_ID + "/guilds/" + OPERATOR_GUILD + "/commands");
        assertThat(names(operator)).containsExactlyInAnyOrder("grant", "experiment", "conversion");
        assertThat(discord.identifies()).isEqualTo(1);

        String admin = newUser();
        String player = newUser();
        JsonNode grantQuestion = slash(admin, OPERATOR_GUILD, true, "grant", null, List.of(
                FakeDiscord.option("user", 6, player), FakeDiscord.option("amount", 4, 1000),
                FakeDiscord.option("reason", 3, "welcome")));
        assertThat(title(grantQuestion)).startsWith("Grant 1,000 GC");
        assertThat(grantQuestion.path("flags").asInt() & 64).as("ephemeral").isEqualTo(64);
        assertThat(title(click(admin, OPERATOR_GUILD, confirmButton(grantQuestion)))).isEqualTo("Granted 1,000 GC");

        await().atMost(Duration.ofSeconds(20)).until(() ->
                "1,000 GC".equals(field(slash(player, PLAYER_GUILD, false, "balance", null, List.of()), "Balance")));

        JsonNode question = slash(player, PLAYER_GUILD, false, "server", "create", List.of(FakeDiscord.option("template", 3, "minecraft")));
        JsonNode requested = click(player, PLAYER_GUILD, confirmButton(question));
        assertThat(title(requested)).isEqualTo("Server requested");
        String server = field(requested, "Server").replace("`", "");

        await().atMost(Duration.ofSeconds(30)).until(() -> "running".equals(field(
                slash(player, PLAYER_GUILD, false, "server", "info", List.of(FakeDiscord.option("server", 3, server))), "State")));
        JsonNode info = slash(player, PLAYER_GUILD, false, "server", "info", List.of(FakeDiscord.option("server", 3, server)));
        assertThat(field(info, "Address")).matches("`127\\.0\\.0\\.1:\\d+`");

        assertThat(title(slash(player, PLAYER_GUILD, false, "server", "stop", List.of(FakeDiscord.option("server", 3, server)))))
                .isEqualTo("Stopped");
        await().atMost(Duration.ofSeconds(20)).until(() ->
                "970 GC".equals(field(slash(player, PLAYER_GUILD, false, "balance", null, List.of()), "Balance")));

        JsonNode refused = slash(player, PLAYER_GUILD, false, "grant", null, List.of(
                FakeDiscord.option("user", 6, player), FakeDiscord.option("amount", 4, 5), FakeDiscord.option("reason", 3, "me")));
        assertThat(field(refused, "Code")).isEqualTo("`OPERATOR_GUILD_ONLY`");
        assertThat(refused.path("flags").asInt() & 64).as("ephemeral").isEqualTo(64);
    }

    /**
     * 50 interactions at once; each is acknowledged (answered or deferred) within Discord's 3 s.
     * The latencies are printed for docs/performance.md, not asserted tighter: this machine is shared.
     */
    @Test
    @Order(2)
    void fiftyInteractionsAtOnceAreAllAcknowledgedInTime() {
        awaitSession();
        for (int i = 0; i < 3; i++) {
            Map<String, Object> single = discord.slashCommand(discord.snowflake(), newUser(), PLAYER_GUILD, false, "balance", null, List.of());
            long t0 = System.nanoTime();
            interact(single);
            Request ack = discord.answersTo((String) single.get("id")).get(0);
            System.out.printf("discord-single-ack ms=%d%n", (ack.receivedNanos() - t0) / 1_000_000);
        }
        List<Map<String, Object>> interactions = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            interactions.add(discord.slashCommand(discord.snowflake(), newUser(), PLAYER_GUILD, false, "balance", null, List.of()));
        }
        long sent = System.nanoTime();
        interactions.forEach(discord::dispatchInteraction);
        List<Long> acks = new ArrayList<>();
        int[] deferred = new int[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> interactions.stream()
                .allMatch(i -> discord.answersTo((String) i.get("id")).stream().anyMatch(r -> r.path().startsWith("interactions/"))));
        for (Map<String, Object> i : interactions) {
            Request first = discord.answersTo((String) i.get("id")).stream().filter(r -> r.path().startsWith("interactions/"))
                    .findFirst().orElseThrow();
            acks.add((first.receivedNanos() - sent) / 1_000_000);
            deferred[0] += first.body().path("type").asInt() == 5 ? 1 : 0;
        }
        Collections.sort(acks);
        long p50 = acks.get(24);
        long p99 = acks.get(49 * 99 / 100);
        long max = acks.get(49);
        System.out.printf("discord-ack-latency interactions=50 min_ms=%d p50_ms=%d p99_ms=%d max_ms=%d deferred=%d%n",
                acks.get(0), p50, p99, max, deferred[0]);
        assertThat(max).isLessThan(3000);
        await().atMost(Duration.ofSeconds(30)).until(() -> interactions.stream().allMatch(i -> finalAnswer((String) i.get("id")).isPresent()));
    }

    /**
     * A second contender does not get the gateway while this instance holds it; when the owner's
     * database session dies (as with a crashed instance), the owner drops its Discord session and
     * the contender takes over.
     */
    @Test
    @Order(3)
    void oneInstanceOwnsTheGatewayAndAnotherTakesOverWhenItDies() throws Exception {
        awaitSession();
        assertThat(ownership.owner()).isTrue();
        AtomicInteger acquired = new AtomicInteger();
        AtomicInteger lost = new AtomicInteger();
        GatewayOwnership other = new AdvisoryLockOwnership(dataSource, Duration.ofMillis(200), acquired::incrementAndGet,
                lost::incrementAndGet);
        other.start();
        try {
            Thread.sleep(1000);
            assertThat(acquired.get()).isZero();
            assertThat(discord.identifies()).isEqualTo(1);

            long started = System.nanoTime();
            jdbc.sql("""
                    SELECT pg_terminate_backend(pid) FROM pg_locks
                    WHERE locktype = 'advisory' AND granted AND ((classid::bigint << 32) | objid::bigint) = :key""")
                    .param("key", 0x4147_4953_4443_4744L)
                    .query().listOfRows();
            await().atMost(Duration.ofSeconds(30)).until(other::owner);
            System.out.printf("discord-gateway-takeover ms=%d%n", (System.nanoTime() - started) / 1_000_000);
            assertThat(acquired.get()).isEqualTo(1);
            await().atMost(Duration.ofSeconds(30)).until(() -> !ownership.owner() && bot.jda() == null);
        } finally {
            other.stop();
        }
        assertThat(lost.get()).isEqualTo(1);
        // the lock is free again: this instance takes the gateway back and logs in anew
        await().atMost(Duration.ofSeconds(30)).until(() -> ownership.owner() && discord.ready());
        assertThat(discord.identifies()).isEqualTo(2);
    }

    private static JsonNode put(String path) {
        return discord.requests().stream().filter(r -> r.method().equals("PUT") && r.path().equals(path))
                .reduce((a, b) -> b).orElseThrow().body();
    }

    private static List<String> names(JsonNode commands) {
        return StreamSupport.stream(commands.spliterator(), false).map(c -> c.path("name").asText()).toList();
    }
}
