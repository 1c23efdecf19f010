package dev.agis.app.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agis.app.AbstractIntegrationTest;
import dev.agis.app.apikey.TestApiKeys;
import dev.agis.app.conversion.AyetCallbackFlowIT;
import dev.agis.domain.account.AccountCommands.CreditAccount;
import dev.agis.domain.account.AccountId;
import dev.agis.domain.account.MovementReason;
import dev.agis.domain.common.Actor;
import dev.agis.domain.common.Credits;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.FileSystemUtils;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The dashboards and alert rules proven against a real Prometheus (Debian's {@code /usr/bin/prometheus}):
 * it scrapes this running AGIS every second and loads deploy/prometheus/agis-alerts.yml, a workload
 * of callbacks, servers, a schedule run and API calls produces the metrics, then every panel query
 * of deploy/grafana/*.json must evaluate through Prometheus's HTTP API and return data (except the
 * few listed in {@link #FILL_ONLY_ON_RARE_EVENTS}), and every alert expression must evaluate.
 */
class DashboardsPrometheusIT extends AbstractIntegrationTest {

    /** Panel queries (dashboard / panel / refId) that stay empty unless something rare happens, and why. */
    static final Map<String, String> FILL_ONLY_ON_RARE_EVENTS = Map.of();

    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;
    @Autowired
    CommandGateway commands;
    @Autowired
    JdbcClient jdbc;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Map<String, String> keys = new ConcurrentHashMap<>();

    @Test
    void everyPanelAndAlertEvaluatesAgainstARealPrometheusScrapingAgis() throws Exception {
        assumeTrue(Files.isExecutable(DeployFiles.PROMETHEUS),
                "prometheus not installed (Debian package 'prometheus'; .ci/install-test-tools installs it): dashboards not evaluated");
        Path dir = Files.createTempDirectory("agis-prometheus");
        int prometheusPort = freePort();
        Files.writeString(dir.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files:
                  - %s
                scrape_configs:
                  - job_name: agis
                    metrics_path: /actuator/prometheus
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                """.formatted(DeployFiles.alertRules().toAbsolutePath(), port));
        Process prometheus = new ProcessBuilder(DeployFiles.PROMETHEUS.toString(),
                "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + prometheusPort)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        String base = "http://127.0.0.1:" + prometheusPort;
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .until(() -> get(base + "/-/ready").statusCode() == 200);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> !query(base, "up{job=\"agis\"} == 1").path("data").path("result").isEmpty());

            workload();

            // the rules loaded into the real server, all healthy
            JsonNode rules = JSON.readTree(get(base + "/api/v1/rules").body());
            int loaded = 0;
            for (JsonNode group : rules.path("data").path("groups")) {
                for (JsonNode rule : group.path("rules")) {
                    assertThat(rule.path("health").asText()).as(rule.path("name").asText() + ": " + rule.path("lastError").asText())
                            .isIn("ok", "unknown");
                    loaded++;
                }
            }
            assertThat(loaded).isEqualTo(DeployFiles.alertExpressions().size());

            // every alert expression parses and evaluates (most are empty on a healthy instance: that is the point)
            DeployFiles.alertExpressions().forEach((alert, expr) -> {
                JsonNode answer = query(base, expr);
                assertThat(answer.path("status").asText()).as(alert + ": " + answer.path("error").asText()).isEqualTo("success");
            });

            // every panel evaluates and, once the scrapes after the workload are in, returns data
            Map<String, String> panels = DeployFiles.panelQueries();
            assertThat(panels).hasSizeGreaterThan(40);
            Map<String, String> empty = new LinkedHashMap<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(45);
            do {
                empty.clear();
                for (Map.Entry<String, String> panel : panels.entrySet()) {
                    JsonNode answer = query(base, DeployFiles.withGrafanaVariables(panel.getValue()));
                    assertThat(answer.path("status").asText()).as(panel.getKey() + ": " + answer.path("error").asText())
                            .isEqualTo("success");
                    if (answer.path("data").path("result").isEmpty() && !FILL_ONLY_ON_RARE_EVENTS.containsKey(panel.getKey())) {
                        empty.put(panel.getKey(), panel.getValue());
                    }
                }
                if (!empty.isEmpty()) {
                    Thread.sleep(1000);
                }
            } while (!empty.isEmpty() && System.nanoTime() < deadline);
            assertThat(empty).as("panels without data after the workload").isEmpty();
        } finally {
            prometheus.destroy();
            if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            FileSystemUtils.deleteRecursively(dir);
        }
    }

    /** Callbacks (rewarded, flagged, resent, forged), a server, a schedule run and API calls. */
    private void workload() throws Exception {
        String player = AyetCallbackFlowIT.newPlayer();
        for (int i = 0; i < 3; i++) {
            Map<String, String> callback = AyetCallbackFlowIT.conversion(AyetCallbackFlowIT.newTx(), player, "150");
            assertThat(callback(callback, AyetCallbackFlowIT.KEY).statusCode()).isEqualTo(200);
            if (i == 0) {
                assertThat(callback(callback, AyetCallbackFlowIT.KEY).statusCode()).isEqualTo(200); // a resend: duplicate
            }
        }
        // above agis.conversions.fraud.max-amount: flagged, not credited
        assertThat(callback(AyetCallbackFlowIT.conversion(AyetCallbackFlowIT.newTx(), player, "20000"), AyetCallbackFlowIT.KEY).statusCode())
                .isEqualTo(200);
        // signed with the wrong key: refused
        assertThat(callback(AyetCallbackFlowIT.conversion(AyetCallbackFlowIT.newTx(), player, "150"), "forged").statusCode()).isEqualTo(403);

        String owner = String.valueOf(ThreadLocalRandom.current().nextLong(100_000_000_000L, 999_999_999_999L));
        commands.sendAndWait(new CreditAccount(AccountId.user(owner), Credits.of(1000), MovementReason.ADMIN_GRANT, "fund",
                Actor.system("test"), "test"));
        commands.sendAndWait(new CreditAccount(AccountId.guild("7" + owner), Credits.of(500), MovementReason.ADMIN_GRANT, "fund",
                Actor.system("test"), "test"));
        JsonNode server = JSON.readTree(api("POST", "/api/v1/servers", owner, "{\"templateId\":\"minecraft\"}").body());
        String serverId = server.path("id").asText();
        await().atMost(Duration.ofSeconds(20)).until(() ->
                "running".equals(JSON.readTree(api("GET", "/api/v1/servers/" + serverId, owner, null).body()).path("state").asText()));
        HttpResponse<String> created = api("POST", "/api/v1/schedules", owner,
                "{\"serverId\":\"" + serverId + "\",\"action\":\"restart\",\"cron\":\"0 8 * * *\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        String scheduleId = JSON.readTree(created.body()).path("id").asText();
        // fire the schedule's timer now instead of at 08:00 and wait for its run
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql("""
                        UPDATE scheduled_tasks SET execution_time = now()
                        WHERE task_name = 'server-schedule-run' AND task_instance LIKE :p""")
                .param("p", "schedule:" + scheduleId + "@%").update() == 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (JsonNode s : JSON.readTree(api("GET", "/api/v1/schedules", owner, null).body()).path("items")) {
                if (scheduleId.equals(s.path("id").asText()) && !s.path("lastStatus").isMissingNode() && !s.path("lastStatus").isNull()) {
                    return true;
                }
            }
            return false;
        });

        assertThat(api("GET", "/api/v1/leaderboard/credits", owner, null).statusCode()).isEqualTo(200);
        assertThat(api("GET", "/api/v1/templates", null, null).statusCode()).isEqualTo(200);
        assertThat(api("GET", "/api/v1/servers/00000000-0000-0000-0000-000000000000", owner, null).statusCode()).isEqualTo(404);
    }

    private HttpResponse<String> callback(Map<String, String> params, String key) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/callbacks/ayet?" + AyetCallbackFlowIT.wire(params)))
                .header("X-Ayetstudios-Security-Hash", AyetCallbackFlowIT.signatureOf(params, key))
                .timeout(Duration.ofSeconds(30)).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> api(String method, String path, String player, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (player != null) {
            request.header("Authorization", "Bearer " + keys.computeIfAbsent(player, p -> TestApiKeys.player(commands, p)));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** One instant query; a query Prometheus cannot parse or evaluate answers status "error" (HTTP 400/422). */
    private JsonNode query(String base, String expr) {
        try {
            return JSON.readTree(get(base + "/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8)).body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
