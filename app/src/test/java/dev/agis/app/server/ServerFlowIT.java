package dev.agis.app.server;

import dev.agis.agones.LocalFleet;
import dev.agis.app.AbstractIntegrationTest;
import dev.agis.command.server.ServerBillingProcess;
import dev.agis.domain.account.AccountCommands.CreditAccount;
import dev.agis.domain.account.AccountEvents.AccountDebited;
import dev.agis.domain.account.AccountEvents.Movement;
import dev.agis.domain.account.AccountId;
import dev.agis.domain.account.AccountQueries.AccountBalance;
import dev.agis.domain.account.AccountQueries.FindAccountBalance;
import dev.agis.domain.account.MovementReason;
import dev.agis.domain.common.Actor;
import dev.agis.domain.common.Credits;
import dev.agis.domain.server.GameServerFleet;
import dev.agis.domain.server.ServerCommands.RequestServer;
import dev.agis.domain.server.ServerEvents.ServerCrashed;
import dev.agis.domain.server.ServerEvents.ServerFundsLow;
import dev.agis.domain.server.ServerEvents.ServerPaymentMissed;
import dev.agis.domain.server.ServerEvents.ServerRenewalDue;
import dev.agis.domain.server.ServerId;
import dev.agis.app.apikey.TestApiKeys;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Game servers end to end over HTTP with the embedded default: local fleet, real PostgreSQL,
 * real ledger, persistent period-end deadlines (fired early by moving their db-scheduler row).
 */
class ServerFlowIT extends AbstractIntegrationTest {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
    };

    @Autowired
    TestRestTemplate rest;
    @Autowired
    CommandGateway commands;
    @Autowired
    QueryGateway queries;
    @Autowired
    EventStore eventStore;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    GameServerFleet fleet;
    @Autowired
    ServerBillingProcess billing;

    private static String newPlayer() {
        return String.valueOf(ThreadLocalRandom.current().nextLong(100_000_000_000L, 999_999_999_999L));
    }

    private void fund(String player, long amount) {
        commands.sendAndWait(new CreditAccount(AccountId.user(player), Credits.of(amount), MovementReason.ADMIN_GRANT,
                "fund-" + amount, Actor.system("test"), "test"));
    }

    private AccountBalance balance(String player) {
        return queries.query(new FindAccountBalance(AccountId.user(player)), AccountBalance.class).join();
    }

    /** One real API key per player (read and write servers, read stats), made on first use. */
    private final Map<String, String> keys = new java.util.concurrent.ConcurrentHashMap<>();

    private String keyOf(String player) {
        return keys.computeIfAbsent(player, p -> TestApiKeys.player(commands, p));
    }

    private ResponseEntity<Map<String, Object>> call(HttpMethod method, String path, String player, Object body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        if (player != null) {
            headers.setBearerAuth(keyOf(player));
        }
        return rest.exchange(path, method, new HttpEntity<>(body, headers), JSON);
    }

    private String create(String player, String template) {
        ResponseEntity<Map<String, Object>> created = call(HttpMethod.POST, "/api/v1/servers", player,
                Map.of("templateId", template, "name", "my " + template));
        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        return (String) created.getBody().get("id");
    }

    private Map<String, Object> awaitState(String player, String id, String state) {
        await().atMost(Duration.ofSeconds(20)).until(() -> state.equals(call(HttpMethod.GET, "/api/v1/servers/" + id, player, null)
                .getBody().get("state")));
        return call(HttpMethod.GET, "/api/v1/servers/" + id, player, null).getBody();
    }

    private void awaitBalance(String player, long balance, long held) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            AccountBalance b = balance(player);
            assertThat(b.balance().value()).isEqualTo(balance);
            assertThat(b.held().value()).isEqualTo(held);
        });
    }

    private List<Object> eventsOf(String aggregateId) {
        List<Object> events = new ArrayList<>();
        eventStore.readEvents(aggregateId).asStream().forEach(m -> events.add(m.getPayload()));
        return events;
    }

    private String gameServerOf(String id) {
        return fleet.listManaged().stream().filter(gs -> gs.serverId().uuid().equals(id)).findFirst()
                .map(GameServerFleet.ManagedGameServer::gameServerName).orElse(null);
    }

    /** Moves the server's pending period-end deadline to now, as if the hour had passed. */
    private void endPaidPeriodNow(String id) {
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql("""
                        UPDATE scheduled_tasks SET execution_time = now()
                        WHERE picked = FALSE AND position(convert_to(:id, 'UTF8') IN task_data) > 0""")
                .param("id", "server:" + id)
                .update() == 1);
    }

    @Test
    void aFundedPlayerRunsStopsStartsRestartsAndTerminatesAServerPayingPerStartedHour() {
        String player = newPlayer();
        fund(player, 100);

        String id = create(player, "minecraft");
        Map<String, Object> running = awaitState(player, id, "running");
        assertThat(running.get("address")).isEqualTo("127.0.0.1");
        assertThat((Integer) running.get("port")).isBetween(7000, 7999);
        awaitBalance(player, 70, 0);

        assertThat(call(HttpMethod.POST, "/api/v1/servers/" + id + "/stop", player, null).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(awaitState(player, id, "stopped").get("address")).isNull();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(fleet.listManaged()).noneMatch(gs -> gs.serverId().uuid().equals(id)));
        awaitBalance(player, 70, 0); // the started hour is not refunded

        assertThat(call(HttpMethod.POST, "/api/v1/servers/" + id + "/start", player, null).getStatusCode()).isEqualTo(HttpStatus.OK);
        Map<String, Object> again = awaitState(player, id, "running");
        assertThat(again.get("period")).isEqualTo(1);
        awaitBalance(player, 40, 0);

        String before = gameServerOf(id);
        assertThat(call(HttpMethod.POST, "/api/v1/servers/" + id + "/restart", player, null).getStatusCode()).isEqualTo(HttpStatus.OK);
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            Map<String, Object> s = call(HttpMethod.GET, "/api/v1/servers/" + id, player, null).getBody();
            return "running".equals(s.get("state")) && gameServerOf(id) != null && !before.equals(gameServerOf(id));
        });
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(fleet.listManaged()).filteredOn(gs -> gs.serverId().uuid().equals(id)).hasSize(1));
        awaitBalance(player, 40, 0); // a restart stays within the paid hour

        assertThat(call(HttpMethod.DELETE, "/api/v1/servers/" + id, player, null).getStatusCode()).isEqualTo(HttpStatus.OK);
        awaitState(player, id, "terminated");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(fleet.listManaged()).noneMatch(gs -> gs.serverId().uuid().equals(id)));
        awaitBalance(player, 40, 0);

        ResponseEntity<Map<String, Object>> again2 = call(HttpMethod.POST, "/api/v1/servers/" + id + "/start", player, null);
        assertThat(again2.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(again2.getBody().get("code")).isEqualTo("INVALID_STATE");
    }

    @Test
    void aRequestTheWalletCannotAffordIsRefusedAndMovesNothing() {
        String player = newPlayer();
        fund(player, 20);

        ResponseEntity<Map<String, Object>> refused = call(HttpMethod.POST, "/api/v1/servers", player,
                Map.of("templateId", "minecraft", "name", "too expensive"));

        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.PAYMENT_REQUIRED);
        assertThat(refused.getBody().get("code")).isEqualTo("INSUFFICIENT_FUNDS");
        assertThat((String) refused.getBody().get("detail")).contains("20 GC available", "30 GC needed");
        assertThat(eventsOf(AccountId.user(player).value())).noneMatch(e -> e instanceof Movement m && m.amount().value() == 30);
        awaitBalance(player, 20, 0);
        assertThat(jdbc.sql("SELECT COALESCE(SUM(used), 0) FROM server_owner_slots WHERE owner_id = :o")
                .param("o", AccountId.user(player).value()).query(Long.class).single()).isZero();
        assertThat(call(HttpMethod.GET, "/api/v1/servers", player, null).getBody().get("items")).asList().isEmpty();
    }

    @Test
    void badRequestsGetClearErrors() {
        String player = newPlayer();
        fund(player, 1000);
        ResponseEntity<Map<String, Object>> notJson = call(HttpMethod.POST, "/api/v1/servers", player, "{not json");
        assertThat(notJson.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(notJson.getBody().get("code")).isEqualTo("INVALID_ARGUMENT");
        ResponseEntity<Map<String, Object>> unknown = call(HttpMethod.POST, "/api/v1/servers", player, Map.of("templateId", "tetris"));
        assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(unknown.getBody().get("code")).isEqualTo("TEMPLATE_NOT_FOUND");
        ResponseEntity<Map<String, Object>> guildOnly = call(HttpMethod.POST, "/api/v1/servers", player, Map.of("templateId", "ark"));
        assertThat(guildOnly.getBody().get("code")).isEqualTo("GUILD_ONLY_TEMPLATE");
        ResponseEntity<Map<String, Object>> badName = call(HttpMethod.POST, "/api/v1/servers", player,
                Map.of("templateId", "minecraft", "name", "<script>"));
        assertThat(badName.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(badName.getBody().get("code")).isEqualTo("INVALID_NAME");

        String id = create(player, "minecraft");
        awaitState(player, id, "running");
        String stranger = newPlayer();
        ResponseEntity<Map<String, Object>> notMine = call(HttpMethod.POST, "/api/v1/servers/" + id + "/stop", stranger, null);
        assertThat(notMine.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(notMine.getBody().get("code")).isEqualTo("NOT_OWNER");
        assertThat(call(HttpMethod.GET, "/api/v1/servers/" + id, stranger, null).getBody().get("code")).isEqualTo("NOT_OWNER");
        ResponseEntity<Map<String, Object>> missing = call(HttpMethod.POST,
                "/api/v1/servers/00000000-0000-0000-0000-000000000000/stop", player, null);
        assertThat(missing.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(missing.getBody().get("code")).isEqualTo("SERVER_NOT_FOUND");
        ResponseEntity<Map<String, Object>> startRunning = call(HttpMethod.POST, "/api/v1/servers/" + id + "/start", player, null);
        assertThat(startRunning.getBody().get("code")).isEqualTo("INVALID_STATE");
        assertThat(call(HttpMethod.GET, "/api/v1/servers", null, null).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    private List<ResponseEntity<Map<String, Object>>> concurrentCreates(String player, int n) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<ResponseEntity<Map<String, Object>>>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int k = i;
            futures.add(pool.submit(() -> {
                start.await();
                return call(HttpMethod.POST, "/api/v1/servers", player, Map.of("templateId", "minecraft", "name", "race-" + k));
            }));
        }
        start.countDown();
        List<ResponseEntity<Map<String, Object>>> results = new ArrayList<>();
        for (Future<ResponseEntity<Map<String, Object>>> f : futures) {
            results.add(f.get());
        }
        pool.shutdown();
        return results;
    }

    @Test
    void twentyConcurrentCreatesAgainstAWalletThatAffordsThreeMakeExactlyThreeServers() throws Exception {
        String player = newPlayer();
        fund(player, 90);

        List<ResponseEntity<Map<String, Object>>> results = concurrentCreates(player, 20);

        assertThat(results).filteredOn(r -> r.getStatusCode() == HttpStatus.CREATED).hasSize(3);
        assertThat(results).filteredOn(r -> r.getStatusCode() != HttpStatus.CREATED)
                .allSatisfy(r -> assertThat(r.getBody().get("code")).isIn("INSUFFICIENT_FUNDS", "CONCURRENT_LIMIT_REACHED"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(call(HttpMethod.GET, "/api/v1/servers?state=running", player, null).getBody().get("items")).asList().hasSize(3));
        awaitBalance(player, 0, 0);
        assertThat(eventsOf(AccountId.user(player).value())).filteredOn(Movement.class::isInstance)
                .allSatisfy(e -> assertThat(((Movement) e).balanceAfter().value() - ((Movement) e).heldAfter().value()).isNotNegative());
    }

    @Test
    void theConcurrentServerLimitHoldsEvenWhenTheWalletAffordsMore() throws Exception {
        String player = newPlayer();
        fund(player, 10_000);

        List<ResponseEntity<Map<String, Object>>> results = concurrentCreates(player, 20);

        assertThat(results).filteredOn(r -> r.getStatusCode() == HttpStatus.CREATED).hasSize(3);
        assertThat(results).filteredOn(r -> r.getStatusCode() != HttpStatus.CREATED)
                .allSatisfy(r -> assertThat(r.getBody().get("code")).isEqualTo("CONCURRENT_LIMIT_REACHED"));
        awaitBalance(player, 10_000 - 90, 0);

        // stopping one frees its slot
        String first = (String) results.stream().filter(r -> r.getStatusCode() == HttpStatus.CREATED).findFirst().orElseThrow()
                .getBody().get("id");
        awaitState(player, first, "running");
        call(HttpMethod.POST, "/api/v1/servers/" + first + "/stop", player, null);
        assertThat(call(HttpMethod.POST, "/api/v1/servers", player, Map.of("templateId", "terraria")).getStatusCode())
                .isEqualTo(HttpStatus.CREATED);
    }

    @Test
    void renewalsChargeOncePerPeriodWarnOnePeriodAheadAndStopWhenFundsRunOut() {
        String player = newPlayer();
        fund(player, 60);
        String id = create(player, "minecraft");
        awaitState(player, id, "running");
        awaitBalance(player, 30, 0);

        endPaidPeriodNow(id);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                Integer.valueOf(1).equals(call(HttpMethod.GET, "/api/v1/servers/" + id, player, null).getBody().get("period")));
        awaitBalance(player, 0, 0);
        await().atMost(Duration.ofSeconds(10)).until(() -> eventsOf("server:" + id).stream().anyMatch(ServerFundsLow.class::isInstance));

        // the same renewal delivered again (a crash before the token was stored, another instance) charges nothing
        ServerRenewalDue due = eventsOf("server:" + id).stream().filter(ServerRenewalDue.class::isInstance)
                .map(ServerRenewalDue.class::cast).findFirst().orElseThrow();
        billing.on(due);
        awaitBalance(player, 0, 0);
        assertThat(eventsOf(AccountId.user(player).value())).filteredOn(Movement.class::isInstance).hasSize(4); // credit, hold, capture, debit

        // the wallet cannot pay period 2: the server runs on Minecraft's 120-minute grace, then stops
        endPaidPeriodNow(id);
        await().atMost(Duration.ofSeconds(30)).until(() -> eventsOf("server:" + id).stream().anyMatch(ServerPaymentMissed.class::isInstance));
        ServerPaymentMissed overdue = eventsOf("server:" + id).stream().filter(ServerPaymentMissed.class::isInstance)
                .map(ServerPaymentMissed.class::cast).findFirst().orElseThrow();
        assertThat(Duration.between(overdue.occurredAt(), overdue.stopsAt())).isEqualTo(Duration.ofMinutes(120));
        await().atMost(Duration.ofSeconds(20)).until(() -> String.valueOf(call(HttpMethod.GET, "/api/v1/servers/" + id, player, null)
                .getBody().get("lastReason")).contains("payment overdue"));
        assertThat(awaitState(player, id, "running").get("state")).isEqualTo("running");

        endPaidPeriodNow(id); // the grace ends
        Map<String, Object> stopped = awaitState(player, id, "stopped");
        assertThat((String) stopped.get("lastReason")).contains("grace period ended unpaid");
        awaitBalance(player, 0, 0);
    }

    @Test
    void aPeriodPaidWhenTheGraceEndsIsChargedOnceAndTheServerRunsOn() {
        String player = newPlayer();
        fund(player, 30);
        String id = create(player, "minecraft");
        awaitState(player, id, "running");
        awaitBalance(player, 0, 0);

        endPaidPeriodNow(id);
        await().atMost(Duration.ofSeconds(30)).until(() -> eventsOf("server:" + id).stream().anyMatch(ServerPaymentMissed.class::isInstance));
        fund(player, 100); // topped up during the grace

        endPaidPeriodNow(id); // the grace ends: the same period is asked for again, under the same key
        await().atMost(Duration.ofSeconds(30)).until(() ->
                Integer.valueOf(1).equals(call(HttpMethod.GET, "/api/v1/servers/" + id, player, null).getBody().get("period")));
        assertThat(awaitState(player, id, "running").get("lastReason")).isNull();
        awaitBalance(player, 70, 0);
        assertThat(eventsOf(AccountId.user(player).value())).filteredOn(AccountDebited.class::isInstance)
                .extracting(m -> ((AccountDebited) m).idempotencyKey())
                .containsExactly("server:" + id + "/period-1");
    }

    @Test
    void aGuildTreasuryPaysTheDiscountedPriceForTheFirstHourAndEveryRenewal() {
        AccountId treasury = AccountId.guild(newPlayer());
        commands.sendAndWait(new CreditAccount(treasury, Credits.of(1_000), MovementReason.ADMIN_GRANT, "fund-guild",
                Actor.system("test"), "test"));
        ServerId server = ServerId.of("server:" + java.util.UUID.randomUUID());
        commands.sendAndWait(new RequestServer(server, treasury, "minecraft-small", "guild mc", true, Actor.user("1")));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            AccountBalance b = queries.query(new FindAccountBalance(treasury), AccountBalance.class).join();
            assertThat(b.balance()).isEqualTo(Credits.of(1_000 - 95 - 475)); // 100/h and 500 setup, 5 % off
            assertThat(b.held()).isEqualTo(Credits.ZERO);
        });

        endPaidPeriodNow(server.uuid());

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(queries.query(new FindAccountBalance(treasury), AccountBalance.class).join().balance())
                        .isEqualTo(Credits.of(1_000 - 570 - 95)));
    }

    @Test
    void withAutoRenewOffTheServerStopsAtTheEndOfThePaidHour() {
        String player = newPlayer();
        fund(player, 100);
        String id = create(player, "minecraft");
        awaitState(player, id, "running");
        assertThat(call(HttpMethod.PUT, "/api/v1/servers/" + id + "/auto-renew", player, Map.of("enabled", false))
                .getStatusCode()).isEqualTo(HttpStatus.OK);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                Boolean.FALSE.equals(call(HttpMethod.GET, "/api/v1/servers/" + id, player, null).getBody().get("autoRenew")));

        endPaidPeriodNow(id);

        assertThat((String) awaitState(player, id, "stopped").get("lastReason")).contains("auto-renew is off");
        awaitBalance(player, 70, 0);
    }

    @Test
    void aCrashedServerIsRefundedItsUnusedMinutes() {
        String player = newPlayer();
        fund(player, 100);
        String id = create(player, "minecraft");
        awaitState(player, id, "running");
        String gsName = fleet.listManaged().stream().filter(gs -> gs.serverId().uuid().equals(id)).findFirst().orElseThrow()
                .gameServerName();

        ((LocalFleet) fleet).crash(gsName);

        awaitState(player, id, "crashed");
        ServerCrashed crashed = eventsOf("server:" + id).stream().filter(ServerCrashed.class::isInstance)
                .map(ServerCrashed.class::cast).findFirst().orElseThrow();
        assertThat(crashed.refund().value()).isBetween(1L, 30L);
        awaitBalance(player, 70 + crashed.refund().value(), 0);
        assertThat(ServerId.of("server:" + id)).isEqualTo(crashed.serverId());
    }

    @Test
    void catalogAndLeaderboardArePublic() {
        List<Map<String, Object>> templates = rest.exchange("/api/v1/templates", HttpMethod.GET, null,
                new ParameterizedTypeReference<List<Map<String, Object>>>() {
                }).getBody();
        assertThat(templates).hasSize(19);
        assertThat(templates).filteredOn(t -> "guild".equals(t.get("kind"))).extracting(t -> t.get("id"))
                .containsExactly("minecraft-small", "minecraft-medium", "minecraft-large", "valheim-small", "palworld-small");
        assertThat(templates).filteredOn(t -> "palworld".equals(t.get("id"))).singleElement()
                .satisfies(t -> assertThat(t.get("costPerHour")).isEqualTo(180));
        // what a guild treasury pays, and how long an unpaid server keeps running
        assertThat(templates).filteredOn(t -> "valheim-small".equals(t.get("id"))).singleElement().satisfies(t -> {
            assertThat(t.get("guildDiscountPercent")).isEqualTo(5);
            assertThat(t.get("guildCostPerHour")).isEqualTo(142);
            assertThat(t.get("guildSetupCost")).isEqualTo(712);
            assertThat(t.get("graceMinutes")).isEqualTo(120);
        });
        assertThat(templates).filteredOn(t -> "ark".equals(t.get("id"))).singleElement()
                .satisfies(t -> assertThat(t.get("graceMinutes")).isEqualTo(180));
        List<Map<String, Object>> shop = rest.exchange("/api/v1/shop", HttpMethod.GET, null,
                new ParameterizedTypeReference<List<Map<String, Object>>>() {
                }).getBody();
        assertThat(shop).extracting(p -> p.get("id")).containsExactly("wtg_5", "wtg_11", "wtg_23", "wtg_60");
        assertThat(shop.get(1).get("credits")).isEqualTo(11000);
        HttpHeaders withKey = new HttpHeaders();
        withKey.setBearerAuth(keyOf(newPlayer()));
        assertThat(rest.exchange("/api/v1/leaderboard/servers?limit=5", HttpMethod.GET, new HttpEntity<>(withKey), String.class)
                .getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(rest.getForEntity("/api/v1/leaderboard/servers?limit=5", String.class).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(rest.getForObject("/actuator/info", String.class)).contains("local fleet");
        assertThat(rest.getForEntity("/api/v1/servers", String.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }
}
