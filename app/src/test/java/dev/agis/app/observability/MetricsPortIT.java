package dev.agis.app.observability;

import dev.agis.app.AbstractIntegrationTest;
import dev.agis.domain.account.AccountCommands.CreditAccount;
import dev.agis.domain.account.AccountId;
import dev.agis.domain.account.MovementReason;
import dev.agis.domain.common.Actor;
import dev.agis.domain.common.Credits;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code METRICS_PORT} moves the actuator to a port of its own (here 0: a free one), as the Helm
 * chart sets it; the API port then no longer serves it. Unset, the actuator shares the API port:
 * every other integration test (e.g. {@code HttpEdgeIT}) scrapes it there.
 */
@TestPropertySource(properties = "METRICS_PORT=0")
// A second application context on the shared test database: closed after this class, so its event
// processors release their segments (OperatorCliIT replays projections and expects no other claimant).
@DirtiesContext
class MetricsPortIT extends AbstractIntegrationTest {

    static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int apiPort;
    @LocalManagementPort
    int metricsPort;
    @Autowired
    CommandGateway commands;

    @Test
    void theActuatorIsServedOnTheMetricsPortOnly() throws Exception {
        assertThat(metricsPort).isNotEqualTo(apiPort);

        assertThat(get(metricsPort, "/actuator/health/readiness").statusCode()).isEqualTo(200);
        assertThat(get(metricsPort, "/actuator/prometheus").statusCode()).isEqualTo(200);
        assertThat(get(apiPort, "/actuator/prometheus").statusCode()).isEqualTo(404);
        assertThat(get(apiPort, "/v3/api-docs").statusCode()).isEqualTo(200);
    }

    /** SPEC §4's treasury totals: the sum of balances (and holds) by account kind, from the ledger read model. */
    @Test
    void theTreasuryTotalsAreExported() throws Exception {
        double before = treasury("guild");
        long amount = 1_000 + System.nanoTime() % 1_000;
        String guild = "9" + Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000L);
        commands.sendAndWait(new CreditAccount(AccountId.guild(guild), Credits.of(amount), MovementReason.ADMIN_GRANT,
                "grant", Actor.system("test"), "test"));

        // the ledger projection catches up, then the gauge's snapshot (refreshed at most every 5 s)
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(treasury("guild")).isGreaterThanOrEqualTo(before + amount));
        String metrics = get(metricsPort, "/actuator/prometheus").body();
        assertThat(metrics).contains("# HELP agis_ledger_balance_credits ")
                .containsPattern("agis_ledger_balance_credits\\{[^}]*kind=\"user\"[^}]*}")
                .containsPattern("agis_ledger_held_credits\\{[^}]*kind=\"guild\"[^}]*}");
    }

    private double treasury(String kind) throws Exception {
        String metrics = get(metricsPort, "/actuator/prometheus").body();
        Matcher m = Pattern.compile("(?m)^agis_ledger_balance_credits\\{[^}]*kind=\"" + kind + "\"[^}]*} (\\S+)$").matcher(metrics);
        assertThat(m.find()).as("agis_ledger_balance_credits{kind=%s} in %s", kind,
                metrics.lines().filter(l -> l.contains("treasury") || l.contains("agis_game")).toList()).isTrue();
        return Double.parseDouble(m.group(1));
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
