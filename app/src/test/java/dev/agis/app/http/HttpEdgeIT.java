package dev.agis.app.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agis.app.AbstractIntegrationTest;
import dev.agis.app.apikey.TestApiKeys;
import dev.agis.domain.apikey.ApiScope;
import dev.agis.domain.account.AccountCommands.CreditAccount;
import dev.agis.domain.account.AccountId;
import dev.agis.domain.account.MovementReason;
import dev.agis.domain.common.Actor;
import dev.agis.domain.common.Credits;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The HTTP edge over a real server: health, metrics, the credits leaderboard, errors. */
class HttpEdgeIT extends AbstractIntegrationTest {

    @Autowired
    TestRestTemplate http;
    @Autowired
    CommandGateway commands;

    /** Reads the leaderboards with a real key (scope read:stats). */
    private String key;

    private <T> ResponseEntity<T> get(String path, Class<T> type) {
        if (key == null) {
            key = TestApiKeys.create(commands, "edge" + UUID.randomUUID().toString().substring(0, 8), TestApiKeys.GENEROUS_RATE,
                    ApiScope.READ_STATS);
        }
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(key);
        return http.exchange(path, HttpMethod.GET, new HttpEntity<>(headers), type);
    }

    @Test
    void readinessIsUpWhenTheDatabaseAndTheProcessorsAre() {
        ResponseEntity<JsonNode> ready = http.getForEntity("/actuator/health/readiness", JsonNode.class);
        assertThat(ready.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(ready.getBody().at("/status").asText()).isEqualTo("UP");
        assertThat(ready.getBody().at("/components/eventProcessors/details/ledger").asText()).isEqualTo("RUNNING");
        assertThat(ready.getBody().at("/components/db/status").asText()).isEqualTo("UP");
        assertThat(ready.getBody().at("/components/callbackInbox/status").asText()).isEqualTo("UP");
        assertThat(http.getForEntity("/actuator/health/liveness", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void prometheusExposesProcessorLag() {
        String metrics = http.getForObject("/actuator/prometheus", String.class);
        assertThat(metrics).contains("agis_event_processor_lag_events{").contains("processor=\"ledger\"")
                .contains("agis_callback_inbox_depth{").contains("agis_callback_inbox_oldest_seconds{");
    }

    @Test
    void theCreditsLeaderboardRanksPlayersByBalanceAndSharesRanksOnTies() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        long top = 9_000_000_000L + System.nanoTime() % 1_000_000; // above anything other tests create
        AccountId first = AccountId.user("lb" + run + "a");
        AccountId tiedA = AccountId.user("lb" + run + "b");
        AccountId tiedB = AccountId.user("lb" + run + "c");
        give(first, top + 2);
        give(tiedA, top + 1);
        give(tiedB, top + 1);
        AccountId guild = AccountId.guild("lb" + run);
        give(guild, top + 10); // treasuries are not players

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode board = get("/api/v1/leaderboard/credits?limit=3", JsonNode.class).getBody();
            assertThat(board).hasSize(3);
            assertThat(board.get(0).get("userId").asText()).isEqualTo(first.ownerId());
            assertThat(board.get(0).get("rank").asInt()).isEqualTo(1);
            assertThat(board.get(0).get("balance").asLong()).isEqualTo(top + 2);
            assertThat(board.get(1).get("rank").asInt()).isEqualTo(2);
            assertThat(board.get(2).get("rank").asInt()).isEqualTo(2);
        });
    }

    @Test
    void theOpenApiDocumentDescribesTheApi() {
        JsonNode doc = http.getForObject("/v3/api-docs", JsonNode.class);
        assertThat(doc.get("openapi").asText()).startsWith("3.");
        assertThat(doc.at("/paths").has("/api/v1/leaderboard/credits")).isTrue();
        assertThat(doc.at("/components/securitySchemes/apiKey/scheme").asText()).isEqualTo("bearer");
        assertThat(doc.at("/paths/~1api~1v1~1leaderboard~1credits/get/security/0/apiKey/0").asText()).isEqualTo("read:stats");
        assertThat(doc.at("/paths/~1api~1v1~1servers/post/security/0/apiKey/0").asText()).isEqualTo("write:servers");
        assertThat(doc.at("/paths/~1api~1v1~1auth~1keys/post/security/0").has("apiKey")).isTrue();
        assertThat(doc.at("/paths/~1api~1v1~1shop/get/security").isMissingNode()).isTrue();
        // the scope also as an extension, the Idempotency-Key on POSTs, examples and the problem shape
        assertThat(doc.at("/paths/~1api~1v1~1users~1me/get/x-required-scope").asText()).isEqualTo("read:stats");
        assertThat(doc.at("/paths/~1api~1v1~1admin~1grants/post/x-required-scope").asText()).isEqualTo("admin");
        assertThat(doc.at("/paths/~1api~1v1~1auth~1keys/get/x-required-scope").asText()).isEqualTo("any");
        JsonNode createServer = doc.at("/paths/~1api~1v1~1servers/post");
        assertThat(createServer.path("parameters").findValuesAsText("name")).contains("Idempotency-Key");
        assertThat(createServer.at("/responses/4XX/content/application~1problem+json/examples/insufficientScope/value/code").asText())
                .isEqualTo("INSUFFICIENT_SCOPE");
        assertThat(doc.at("/components/schemas/GrantRequest/properties/amount/example").asInt()).isEqualTo(500);
        assertThat(doc.at("/components/schemas/CreateServerRequest/properties/templateId/example").asText()).isEqualTo("minecraft");
        assertThat(doc.at("/paths/~1api~1v1~1servers/get/parameters").findValuesAsText("name")).contains("limit", "cursor", "state");
    }

    @Test
    void aBadLimitIsAClearProblemNotAFailure() {
        for (String limit : new String[]{"0", "101", "abc", "-1"}) {
            ResponseEntity<JsonNode> r = get("/api/v1/leaderboard/credits?limit=" + limit, JsonNode.class);
            assertThat(r.getStatusCode()).as("limit=" + limit).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(r.getBody().get("code").asText()).isEqualTo("INVALID_ARGUMENT");
            assertThat(r.getBody().get("detail").asText()).isNotBlank();
        }
    }

    private void give(AccountId id, long amount) {
        commands.sendAndWait(new CreditAccount(id, Credits.of(amount), MovementReason.ADMIN_GRANT, "grant", Actor.system("test"), "test"));
    }
}
