package dev.agis.app.http;

import dev.agis.app.AbstractIntegrationTest;
import dev.agis.app.apikey.TestApiKeys;
import dev.agis.domain.apikey.ApiScope;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API's request metrics carry the route template, also for requests answered before a
 * controller (401, 403, 429, 404), and a latency histogram; rate-limit refusals are counted alone.
 */
class ApiMetricsIT extends AbstractIntegrationTest {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @LocalServerPort
    int port;
    @Autowired
    CommandGateway commands;
    @Autowired
    MeterRegistry meters;

    private int get(String path, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET();
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private double requests(String method, String endpoint, String status) {
        Counter counter = meters.find("agis.api.requests").tags("method", method, "endpoint", endpoint, "status", status).counter();
        return counter == null ? 0 : counter.count();
    }

    private long timed(String method, String endpoint, String status) {
        Timer timer = meters.find("agis.api.request").tags("method", method, "endpoint", endpoint, "status", status).timer();
        return timer == null ? 0 : timer.count();
    }

    @Test
    void requestsAreCountedAndTimedByRouteTemplateWhoeverAnswersThem() throws Exception {
        String owner = String.valueOf(ThreadLocalRandom.current().nextLong(100_000_000_000L, 999_999_999_999L));
        String reader = TestApiKeys.create(commands, owner, TestApiKeys.GENEROUS_RATE, ApiScope.READ_SERVERS);
        String oneAMinute = TestApiKeys.create(commands, owner, 1, ApiScope.READ_SERVERS);
        double ok = requests("GET", "/api/v1/servers/{id}", "404");
        double unauthenticated = requests("GET", "/api/v1/users/me", "401");
        double forbidden = requests("GET", "/api/v1/users/me", "403");
        double limited = requests("GET", "/api/v1/servers", "429");
        double unmatched = requests("GET", "unmatched", "404");
        long timedBefore = timed("GET", "/api/v1/servers/{id}", "404");
        double rateLimitedTotal = meters.counter("agis.api.rate.limited").count();

        assertThat(get("/api/v1/servers/3f1c9a52-7d7e-4d0b-9a55-0c2f5c1d8e11", reader)).isEqualTo(404);
        assertThat(get("/api/v1/users/me", null)).isEqualTo(401);
        assertThat(get("/api/v1/users/me", reader)).isEqualTo(403);
        assertThat(get("/api/v1/servers", oneAMinute)).isEqualTo(200);
        assertThat(get("/api/v1/servers", oneAMinute)).isEqualTo(429);
        assertThat(get("/api/v1/no/such/route/" + owner, reader)).isEqualTo(404);

        assertThat(requests("GET", "/api/v1/servers/{id}", "404")).isEqualTo(ok + 1);
        assertThat(requests("GET", "/api/v1/users/me", "401")).isEqualTo(unauthenticated + 1);
        assertThat(requests("GET", "/api/v1/users/me", "403")).isEqualTo(forbidden + 1);
        assertThat(requests("GET", "/api/v1/servers", "429")).isEqualTo(limited + 1);
        assertThat(requests("GET", "unmatched", "404")).isEqualTo(unmatched + 1);
        assertThat(timed("GET", "/api/v1/servers/{id}", "404")).isEqualTo(timedBefore + 1);
        assertThat(meters.counter("agis.api.rate.limited").count()).isEqualTo(rateLimitedTotal + 1);
        // no raw path ever becomes a label
        assertThat(meters.find("agis.api.requests").counters()).allSatisfy(c ->
                assertThat(c.getId().getTag("endpoint")).doesNotContain(owner).doesNotContain("3f1c9a52"));

        HttpResponse<String> scrape = CLIENT.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/prometheus"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(scrape.body().lines().filter(l -> l.startsWith("agis_api_requests_total{"))
                .anyMatch(l -> l.contains("endpoint=\"/api/v1/users/me\"") && l.contains("status=\"401\""))).isTrue();
        assertThat(scrape.body().lines().filter(l -> l.startsWith("agis_api_request_seconds_bucket{"))
                .anyMatch(l -> l.contains("endpoint=\"/api/v1/servers/{id}\"") && l.contains("le=\""))).isTrue();
        assertThat(scrape.body()).contains("agis_api_rate_limited_total");
    }
}
