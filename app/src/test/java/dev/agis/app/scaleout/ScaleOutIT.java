package dev.agis.app.scaleout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agis.app.AbstractIntegrationTest;
import dev.agis.app.AgisApplication;
import dev.agis.app.apikey.TestApiKeys;
import dev.agis.domain.account.AccountCommands.CreditAccount;
import dev.agis.domain.account.AccountCommands.TransferCredits;
import dev.agis.domain.account.AccountId;
import dev.agis.domain.account.AccountQueries.AccountBalance;
import dev.agis.domain.account.AccountQueries.FindAccountBalance;
import dev.agis.domain.account.MovementReason;
import dev.agis.domain.common.Actor;
import dev.agis.domain.common.Credits;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.DateTimeUtils;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scale-out (SPEC §5): two AGIS instances (two application contexts with their own node ids, web
 * servers, processors and timers) on one PostgreSQL database split every multi-segment processor's
 * segments, fire a schedule's timer once, and when one instance stops the other claims its segments
 * and loses nothing: every transfer sent before, during and after the stop is credited exactly once;
 * so is every transfer whose processing an instance that vanished without releasing its claims had
 * taken (the survivor claims those segments once the claims time out).
 * The instances use a database of their own on the test server, so the other tests' cached
 * application (which claims every segment of the main database) stays out of the way.
 */
class ScaleOutIT extends AbstractIntegrationTest {

    /** One API key per player, made in the shared database, so it works on either instance. */
    private final Map<String, String> keys = new ConcurrentHashMap<>();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PAYERS = 24;

    @Autowired
    DataSource mainDataSource;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void twoInstancesSplitTheSegmentsFireATimerOnceAndTheSurvivorTakesOverWithoutLoss() throws Exception {
        String database = "agis_scaleout_" + UUID.randomUUID().toString().substring(0, 8);
        JdbcClient main = JdbcClient.create(mainDataSource);
        main.sql("CREATE DATABASE " + database).update();
        String url;
        try (Connection c = mainDataSource.getConnection()) {
            String mainUrl = c.getMetaData().getURL();
            url = mainUrl.substring(0, mainUrl.lastIndexOf('/') + 1) + database;
        }
        ConfigurableApplicationContext one = start("one", url);
        ConfigurableApplicationContext two = null;
        try {
            two = start("two", url);
            ConfigurableApplicationContext second = two;
            JdbcClient db = one.getBean(JdbcClient.class);

            // 1. the segments are split: 8-segment processors 4/4, the 4-segment ledger 2/2
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(claims(db, "money")).containsEntry("one", 4L).containsEntry("two", 4L);
                assertThat(claims(db, "ledger")).containsEntry("one", 2L).containsEntry("two", 2L);
            });

            // 2. a schedule's timer fires once although both instances poll the timer table
            String owner = String.valueOf(ThreadLocalRandom.current().nextLong(100_000_000_000L, 999_999_999_999L));
            one.getBean(CommandGateway.class).sendAndWait(new CreditAccount(AccountId.user(owner), Credits.of(1000),
                    MovementReason.ADMIN_GRANT, "fund", Actor.system("test"), "test"));
            String serverId = JSON.readTree(api(one, "POST", "/api/v1/servers", owner, "{\"templateId\":\"minecraft\"}").body())
                    .path("id").asText();
            await().atMost(Duration.ofSeconds(30)).until(() -> "running".equals(
                    JSON.readTree(api(second, "GET", "/api/v1/servers/" + serverId, owner, null).body()).path("state").asText()));
            HttpResponse<String> created = api(one, "POST", "/api/v1/schedules", owner,
                    "{\"serverId\":\"" + serverId + "\",\"action\":\"restart\",\"cron\":\"0 8 * * *\"}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            String scheduleId = JSON.readTree(created.body()).path("id").asText();
            await().atMost(Duration.ofSeconds(20)).until(() -> db.sql("""
                            UPDATE scheduled_tasks SET execution_time = now()
                            WHERE task_name = 'server-schedule-run' AND task_instance LIKE :p""")
                    .param("p", "schedule:" + scheduleId + "@%").update() == 1);
            await().atMost(Duration.ofSeconds(30)).until(() -> "ok".equals(lastStatus(second, owner, scheduleId)));
            assertThat(events(db, "schedule:" + scheduleId, "ScheduledRunStarted")).isEqualTo(1);
            assertThat(events(db, "server:" + serverId, "ServerRestartRequested")).isEqualTo(1);

            // 3. transfers before, during and after instance two stops all arrive once
            CommandGateway commands = one.getBean(CommandGateway.class);
            AccountId treasury = AccountId.guild("8" + owner);
            List<AccountId> payers = new ArrayList<>();
            for (int i = 0; i < PAYERS; i++) {
                AccountId payer = AccountId.user(owner + "0" + i);
                commands.sendAndWait(new CreditAccount(payer, Credits.of(100), MovementReason.ADMIN_GRANT, "fund", Actor.system("test"), "test"));
                payers.add(payer);
            }
            transfers(commands, payers, treasury, "before");
            CompletableFuture<Void> during = CompletableFuture.runAsync(() -> transfers(commands, payers, treasury, "during"));
            two.close();
            two = null;
            during.join();
            transfers(commands, payers, treasury, "after");

            long expected = 3L * PAYERS * 10;
            QueryGateway queries = one.getBean(QueryGateway.class);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                    queries.query(new FindAccountBalance(treasury), AccountBalance.class).join().balance().value()).isEqualTo(expected));
            assertThat(events(db, treasury.value(), "AccountCredited")).isEqualTo(3L * PAYERS);
            // the survivor holds every segment now
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(claims(db, "money")).isEqualTo(Map.of("one", 8L));
                assertThat(claims(db, "ledger")).isEqualTo(Map.of("one", 4L));
            });

            // 4. an instance that dies without releasing anything: its claims are simply no longer refreshed.
            // Played by claiming half of the money segments for a node that never comes back; the
            // survivor's work on them is cut off mid-flight, and it claims them again after the claim timeout.
            db.sql("UPDATE token_entry SET owner = 'crashed', timestamp = :now WHERE processor_name = 'money' AND segment < 4")
                    .param("now", DateTimeUtils.formatInstant(Instant.now())).update();
            transfers(commands, payers, treasury, "crash");
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(claims(db, "money")).isEqualTo(Map.of("one", 8L));
                assertThat(queries.query(new FindAccountBalance(treasury), AccountBalance.class).join().balance().value())
                        .isEqualTo(expected + PAYERS * 10L);
            });
            assertThat(events(db, treasury.value(), "AccountCredited")).isEqualTo(4L * PAYERS);
        } finally {
            if (two != null) {
                two.close();
            }
            one.close();
            main.sql("DROP DATABASE " + database + " WITH (FORCE)").update();
        }
    }

    /**
     * One more AGIS instance on the database: web server on a free port, its own node id, quick
     * timers and balancing. Command-line arguments, because they win over application.yml (which
     * sets the port and the polling interval); builder properties would not.
     */
    private static ConfigurableApplicationContext start(String node, String url) {
        return new SpringApplicationBuilder(AgisApplication.class).run(
                "--spring.datasource.url=" + url,
                "--spring.datasource.username=postgres",
                // by URL the database counts as external, which needs the master key
                "--agis.privacy.master-key=" + devMasterKey(),
                "--spring.datasource.hikari.maximum-pool-size=24",
                "--spring.datasource.hikari.minimum-idle=2",
                "--spring.jmx.enabled=false",
                "--spring.main.banner-mode=off",
                "--server.port=0",
                "--agis.instance.node-id=" + node,
                "--agis.instance.balance-every=PT1S",
                "--db-scheduler.polling-interval=500ms");
    }

    private static Map<String, Long> claims(JdbcClient db, String processor) {
        return db.sql("SELECT owner, count(*) FROM token_entry WHERE processor_name = :p AND owner IS NOT NULL GROUP BY owner")
                .param("p", processor)
                .query((rs, n) -> Map.entry(rs.getString(1), rs.getLong(2))).list().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private static long events(JdbcClient db, String aggregateId, String type) {
        return db.sql("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = :id AND payload_type LIKE :t")
                .param("id", aggregateId).param("t", "%" + type).query(Long.class).single();
    }

    private static void transfers(CommandGateway commands, List<AccountId> payers, AccountId to, String round) {
        for (AccountId payer : payers) {
            commands.sendAndWait(new TransferCredits(payer, to, Credits.of(10), "scaleout-" + round, Actor.system("test")));
        }
    }

    private String lastStatus(ConfigurableApplicationContext instance, String owner, String scheduleId) throws Exception {
        for (JsonNode s : JSON.readTree(api(instance, "GET", "/api/v1/schedules", owner, null).body()).path("items")) {
            if (scheduleId.equals(s.path("id").asText())) {
                return s.path("lastStatus").asText(null);
            }
        }
        return null;
    }

    private HttpResponse<String> api(ConfigurableApplicationContext instance, String method, String path, String player, String body)
            throws Exception {
        int port = ((WebServerApplicationContext) instance).getWebServer().getPort();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + keys.computeIfAbsent(player,
                        p -> TestApiKeys.player(instance.getBean(CommandGateway.class), p)));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
