package dev.agis.app.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agis.app.AbstractIntegrationTest;
import dev.agis.app.apikey.TestApiKeys;
import dev.agis.domain.account.AccountCommands.CreditAccount;
import dev.agis.domain.account.AccountCommands.DebitAccount;
import dev.agis.domain.account.AccountId;
import dev.agis.domain.account.MovementReason;
import dev.agis.domain.apikey.ApiScope;
import dev.agis.domain.common.Actor;
import dev.agis.domain.common.Credits;
import dev.agis.domain.common.PlayerId;
import dev.agis.domain.conversion.ConversionCommands.RecordConversion;
import dev.agis.domain.conversion.ConversionId;
import dev.agis.domain.conversion.RewardFactors;
import dev.agis.http.support.IdempotencyPurge;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The owner's account over HTTP (me, stats, movements, subscription), the admin endpoints (grants,
 * flagged conversions, any player's account) and Idempotency-Key, against the real application.
 */
class AccountApiIT extends AbstractIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @LocalServerPort
    int port;
    @Autowired
    CommandGateway commands;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    IdempotencyPurge purge;

    private static String newPlayer() {
        return String.valueOf(ThreadLocalRandom.current().nextLong(100_000_000_000L, 999_999_999_999L));
    }

    record Answer(int status, String contentType, JsonNode body, HttpResponse<String> raw) {
        String code() {
            return body.path("code").asText();
        }
    }

    private Answer call(String method, String path, String key, String body, String idempotencyKey) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = response.body().isBlank() ? JSON.nullNode() : JSON.readTree(response.body());
        return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), json, response);
    }

    private Answer get(String path, String key) throws Exception {
        return call("GET", path, key, null, null);
    }

    private void credit(String player, long amount, MovementReason reason, String key) {
        commands.sendAndWait(new CreditAccount(AccountId.user(player), Credits.of(amount), reason, key, Actor.system("test"), "test"));
    }

    private long movementsOf(String player) {
        return jdbc.sql("SELECT count(*) FROM account_movement WHERE account_id = :id").param("id", AccountId.user(player).value())
                .query(Long.class).single();
    }

    private long serversOf(String player) {
        return jdbc.sql("SELECT count(*) FROM game_server WHERE owner_id = :id").param("id", AccountId.user(player).value())
                .query(Long.class).single();
    }

    @Test
    void theOwnerReadsAccountStatsAndPagesTheLedgerNewestFirstWithFilters() throws Exception {
        String player = newPlayer();
        String key = TestApiKeys.create(commands, player, TestApiKeys.GENEROUS_RATE, ApiScope.READ_STATS);
        for (int i = 1; i <= 5; i++) {
            credit(player, 100 * i, MovementReason.AD_REWARD, "reward-" + i);
        }
        credit(player, 7, MovementReason.ADMIN_GRANT, "grant-1");
        commands.sendAndWait(new DebitAccount(AccountId.user(player), Credits.of(50), MovementReason.SERVER_COST, "cost-1",
                Actor.system("test"), "server:x"));
        await().atMost(Duration.ofSeconds(15)).until(() -> movementsOf(player) == 7);

        Answer me = get("/api/v1/users/me", key);
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.body().path("playerId").asText()).isEqualTo(player);
        assertThat(me.body().path("balance").asLong()).isEqualTo(1500 + 7 - 50);
        assertThat(me.body().path("tier").asText()).isEqualTo("free");
        assertThat(me.body().path("subscriptionStatus").asText()).isEqualTo("none");
        assertThat(me.body().path("createdAt").isTextual()).isTrue();

        Answer stats = get("/api/v1/users/me/stats", key);
        assertThat(stats.body().path("earned").asLong()).isEqualTo(1507);
        assertThat(stats.body().path("spent").asLong()).isEqualTo(50);
        assertThat(stats.body().path("servers").asLong()).isZero();
        assertThat(stats.body().path("conversions").asLong()).isZero();

        List<Long> amounts = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Answer page = get("/api/v1/users/me/movements?limit=3" + (cursor == null ? "" : "&cursor=" + cursor), key);
            assertThat(page.status()).isEqualTo(200);
            page.body().path("items").forEach(m -> amounts.add(m.path("amount").asLong()));
            cursor = page.body().path("nextCursor").isNull() ? null : page.body().path("nextCursor").asText();
            pages++;
        } while (cursor != null);
        assertThat(amounts).containsExactly(50L, 7L, 500L, 400L, 300L, 200L, 100L);
        assertThat(pages).isEqualTo(3);

        Answer rewards = get("/api/v1/users/me/movements?reason=ad_reward&limit=2", key);
        assertThat(rewards.body().path("items")).hasSize(2);
        assertThat(rewards.body().path("items").get(0).path("amount").asLong()).isEqualTo(500);
        assertThat(rewards.body().path("nextCursor").isTextual()).isTrue();
        Answer debits = get("/api/v1/users/me/movements?kind=DEBIT", key);
        assertThat(debits.body().path("items")).hasSize(1);
        assertThat(get("/api/v1/users/me/movements?from=2999-01-01T00:00:00Z", key).body().path("items")).isEmpty();

        assertThat(get("/api/v1/users/me/movements?limit=0", key).code()).isEqualTo("INVALID_LIMIT");
        assertThat(get("/api/v1/users/me/movements?cursor=%21%21", key).code()).isEqualTo("INVALID_CURSOR");
        assertThat(get("/api/v1/users/me/movements?kind=GIFT", key).code()).isEqualTo("INVALID_ARGUMENT");
        assertThat(get("/api/v1/users/me/movements?from=yesterday", key).status()).isEqualTo(400);
        // someone else's key sees someone else's wallet
        String other = TestApiKeys.create(commands, newPlayer(), TestApiKeys.GENEROUS_RATE, ApiScope.READ_STATS);
        assertThat(get("/api/v1/users/me/movements", other).body().path("items")).isEmpty();
    }

    @Test
    void theOwnerSubscribesAndCancelsWithTheSpendingScope() throws Exception {
        String player = newPlayer();
        credit(player, 100_000, MovementReason.ADMIN_GRANT, "funds");
        String reader = TestApiKeys.create(commands, player, TestApiKeys.GENEROUS_RATE, ApiScope.READ_STATS);
        String spender = TestApiKeys.create(commands, player, TestApiKeys.GENEROUS_RATE, ApiScope.READ_STATS, ApiScope.WRITE_SERVERS);

        assertThat(get("/api/v1/users/me/subscription", reader).body().path("status").asText()).isEqualTo("none");
        Answer refused = call("POST", "/api/v1/users/me/subscription", reader, "{\"tier\":\"premium\"}", null);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.code()).isEqualTo("INSUFFICIENT_SCOPE");
        assertThat(call("POST", "/api/v1/users/me/subscription", spender, "{\"tier\":\"gold\"}", null).code())
                .isEqualTo("UNKNOWN_TIER");

        Answer subscribed = call("POST", "/api/v1/users/me/subscription", spender, "{\"tier\":\"premium\"}", null);
        assertThat(subscribed.status()).as(subscribed.raw().body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            JsonNode status = get("/api/v1/users/me/subscription", reader).body();
            assertThat(status.path("status").asText()).isEqualTo("active");
            assertThat(status.path("tier").asText()).isEqualTo("premium");
        });
        assertThat(get("/api/v1/users/me", reader).body().path("tier").asText()).isEqualTo("premium");

        Answer again = call("POST", "/api/v1/users/me/subscription", spender, "{\"tier\":\"premium\"}", null);
        assertThat(again.status()).isEqualTo(409);
        Answer cancelled = call("DELETE", "/api/v1/users/me/subscription", spender, null, null);
        assertThat(cancelled.status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(get("/api/v1/users/me/subscription", reader).body().path("status").asText()).isEqualTo("cancelled"));
        String stranger = TestApiKeys.create(commands, newPlayer(), TestApiKeys.GENEROUS_RATE, ApiScope.WRITE_SERVERS);
        assertThat(call("DELETE", "/api/v1/users/me/subscription", stranger, null, null).code()).isEqualTo("NOT_SUBSCRIBED");
    }

    @Test
    void anAdminGrantPaysOnceForRetriesAndRefusesAReusedKeyForAnotherRequest() throws Exception {
        String admin = TestApiKeys.create(commands, newPlayer(), TestApiKeys.GENEROUS_RATE, ApiScope.ADMIN);
        String player = newPlayer();
        String body = "{\"playerId\":\"" + player + "\",\"amount\":250,\"note\":\"support ticket 42\"}";
        String idempotencyKey = UUID.randomUUID().toString();

        Answer first = call("POST", "/api/v1/admin/grants", admin, body, idempotencyKey);
        Answer retry = call("POST", "/api/v1/admin/grants", admin, body, idempotencyKey);

        assertThat(first.status()).as(first.raw().body()).isEqualTo(201);
        assertThat(first.body().path("balanceAfter").asLong()).isEqualTo(250);
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.raw().body()).isEqualTo(first.raw().body());
        assertThat(retry.raw().headers().firstValue("Idempotency-Replayed")).contains("true");
        await().atMost(Duration.ofSeconds(15)).until(() -> movementsOf(player) == 1);
        Map<String, Object> movement = jdbc.sql("SELECT reason, actor, amount FROM account_movement WHERE account_id = :id")
                .param("id", AccountId.user(player).value()).query().singleRow();
        assertThat(movement.get("reason")).isEqualTo("ADMIN_GRANT");
        assertThat((String) movement.get("actor")).startsWith("apikey:");
        assertThat(movement.get("amount")).isEqualTo(250L);

        Answer reused = call("POST", "/api/v1/admin/grants", admin, body.replace("\"amount\":250", "\"amount\":999"), idempotencyKey);
        assertThat(reused.status()).isEqualTo(422);
        assertThat(reused.contentType()).startsWith("application/problem+json");
        assertThat(reused.code()).isEqualTo("IDEMPOTENCY_KEY_REUSED");

        assertThat(call("POST", "/api/v1/admin/grants", admin, body, null).code()).isEqualTo("IDEMPOTENCY_KEY_REQUIRED");
        assertThat(call("POST", "/api/v1/admin/grants", admin, body, "spaces are not allowed").code())
                .isEqualTo("IDEMPOTENCY_KEY_INVALID");
        assertThat(call("POST", "/api/v1/admin/grants", admin, body.replace("\"amount\":250", "\"amount\":-5"), UUID.randomUUID().toString()).code())
                .isEqualTo("INVALID_AMOUNT");
        String reader = TestApiKeys.create(commands, newPlayer(), TestApiKeys.GENEROUS_RATE, ApiScope.READ_STATS);
        assertThat(call("POST", "/api/v1/admin/grants", reader, body, UUID.randomUUID().toString()).status()).isEqualTo(403);
        Thread.sleep(300);
        assertThat(movementsOf(player)).isEqualTo(1);

        Answer account = get("/api/v1/admin/players/" + player, admin);
        assertThat(account.body().path("balance").asLong()).isEqualTo(250);
        assertThat(get("/api/v1/admin/players/" + player + "/movements", admin).body().path("items")).hasSize(1);
        assertThat(get("/api/v1/admin/players/not%20a%20player", admin).status()).isEqualTo(400);
    }

    @Test
    void anExpiredAnswerIsForgottenAndPurged() throws Exception {
        String owner = newPlayer();
        String admin = TestApiKeys.create(commands, owner, TestApiKeys.GENEROUS_RATE, ApiScope.ADMIN);
        String player = newPlayer();
        String idempotencyKey = UUID.randomUUID().toString();
        String body = "{\"playerId\":\"" + player + "\",\"amount\":10}";
        assertThat(call("POST", "/api/v1/admin/grants", admin, body, idempotencyKey).status()).isEqualTo(201);

        // past its retention the key means nothing at the edge: another request may use it
        jdbc.sql("UPDATE api_idempotency SET expires_at = now() - interval '1 minute' WHERE owner_id = :owner")
                .param("owner", owner).update();
        // the player's id is random digits: replacing "10" in the whole body could change the player too
        Answer other = call("POST", "/api/v1/admin/grants", admin, "{\"playerId\":\"" + player + "\",\"amount\":20}", idempotencyKey);
        assertThat(other.status()).isNotEqualTo(422);
        // … while the ledger still knows the movement's key: the grant itself is never paid twice
        assertThat(other.code()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
        assertThat(other.status()).isEqualTo(409);

        jdbc.sql("UPDATE api_idempotency SET expires_at = now() - interval '1 minute' WHERE owner_id = :owner")
                .param("owner", owner).update();
        assertThat(purge.purge()).isGreaterThanOrEqualTo(1);
        assertThat(jdbc.sql("SELECT count(*) FROM api_idempotency WHERE owner_id = :owner").param("owner", owner)
                .query(Long.class).single()).isZero();
    }

    @Test
    void concurrentDuplicatesOfOneKeyedRequestCreateOneServerAndAnswerTheSame() throws Exception {
        String player = newPlayer();
        credit(player, 10_000, MovementReason.ADMIN_GRANT, "funds");
        String key = TestApiKeys.player(commands, player);
        String idempotencyKey = UUID.randomUUID().toString();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Callable<Answer>> duplicates = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                duplicates.add(() -> call("POST", "/api/v1/servers", key, "{\"templateId\":\"minecraft\",\"name\":\"dup\"}",
                        idempotencyKey));
            }
            Set<String> created = new HashSet<>();
            int inProgress = 0;
            for (Future<Answer> f : pool.invokeAll(duplicates)) {
                Answer a = f.get();
                if (a.status() == 201) {
                    created.add(a.body().path("id").asText());
                } else {
                    assertThat(a.status()).as(a.raw().body()).isEqualTo(409);
                    assertThat(a.code()).isEqualTo("IDEMPOTENCY_REQUEST_IN_PROGRESS");
                    inProgress++;
                }
            }
            assertThat(created).hasSize(1);
            assertThat(inProgress).isLessThan(6);
            // once the first has answered, every retry gets its answer
            Answer late = call("POST", "/api/v1/servers", key, "{\"templateId\":\"minecraft\",\"name\":\"dup\"}", idempotencyKey);
            assertThat(late.status()).isEqualTo(201);
            assertThat(created).containsExactly(late.body().path("id").asText());
            await().atMost(Duration.ofSeconds(15)).until(() -> serversOf(player) >= 1);
            Thread.sleep(300);
            assertThat(serversOf(player)).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anAdminListsApprovesAndRejectsFlaggedConversions() throws Exception {
        String admin = TestApiKeys.create(commands, newPlayer(), TestApiKeys.GENEROUS_RATE, ApiScope.ADMIN);
        String player = newPlayer();
        List<String> txs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String tx = "flag-" + UUID.randomUUID();
            txs.add(tx);
            // over the per-conversion cap: the fraud rules hold it for an admin
            commands.sendAndWait(new RecordConversion(ConversionId.ayet(tx), tx, PlayerId.of(player), "offer",
                    new BigDecimal("25000"), RewardFactors.NONE, true, Map.of()));
        }
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(allFlagged(admin)).containsAll(txs));

        String firstPage = get("/api/v1/admin/conversions/flagged?limit=1", admin).body().path("nextCursor").asText();
        assertThat(get("/api/v1/admin/conversions/flagged?limit=1&cursor=" + firstPage, admin).body().path("items")).hasSize(1);

        Answer approved = call("POST", "/api/v1/admin/conversions/" + txs.get(0) + "/approve", admin, "{\"note\":\"checked\"}", null);
        assertThat(approved.status()).as(approved.raw().body()).isEqualTo(200);
        assertThat(approved.body().path("decision").asText()).isEqualTo("approved");
        Answer rejected = call("POST", "/api/v1/admin/conversions/" + txs.get(1) + "/reject", admin, null, null);
        assertThat(rejected.body().path("decision").asText()).isEqualTo("rejected");
        assertThat(call("POST", "/api/v1/admin/conversions/no-such-tx/approve", admin, null, null).code())
                .isEqualTo("CONVERSION_NOT_FOUND");

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(allFlagged(admin)).doesNotContain(txs.get(0), txs.get(1)).contains(txs.get(2));
            assertThat(get("/api/v1/admin/players/" + player, admin).body().path("balance").asLong()).isEqualTo(10_000);
        });
    }

    private List<String> allFlagged(String admin) throws Exception {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = get("/api/v1/admin/conversions/flagged?limit=100" + (cursor == null ? "" : "&cursor=" + cursor), admin).body();
            page.path("items").forEach(c -> ids.add(c.path("id").asText()));
            cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asText();
        } while (cursor != null);
        return ids;
    }
}
