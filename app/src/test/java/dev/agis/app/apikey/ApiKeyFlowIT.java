package dev.agis.app.apikey;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agis.app.AbstractIntegrationTest;
import dev.agis.app.cli.InProcessAgis;
import dev.agis.app.AgisApplication;
import dev.agis.domain.apikey.ApiKeyCommands.CreateApiKey;
import dev.agis.domain.apikey.ApiKeyEvents.ApiKeyCreated;
import dev.agis.domain.apikey.ApiKeyEvents.ApiKeyRevoked;
import dev.agis.domain.apikey.ApiKeyId;
import dev.agis.domain.apikey.ApiKeySecret;
import dev.agis.domain.apikey.ApiScope;
import dev.agis.domain.common.Actor;
import dev.agis.domain.common.PlayerId;
import dev.agis.http.security.AnyScope;
import dev.agis.http.security.ApiKeyUsage;
import dev.agis.http.security.RequiresScope;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static dev.agis.app.cli.InProcessAgis.agis;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * API keys end to end against the real application on embedded PostgreSQL: the first admin key
 * from the command line, scoped keys through the API, 401 for missing, unknown, expired and revoked
 * keys, 403 for a missing scope, 429 after the rate limit, one bucket shared by two instances, and a
 * scope declared on every keyed route.
 */
class ApiKeyFlowIT extends AbstractIntegrationTest {

    @Autowired
    TestRestTemplate rest;
    @Autowired
    CommandGateway commands;
    @Autowired
    EventStore eventStore;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ApiKeyUsage usage;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping handlers;

    private static String newOwner() {
        return String.valueOf(ThreadLocalRandom.current().nextLong(100_000_000_000L, 999_999_999_999L));
    }

    private static HttpHeaders bearer(String key) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        if (key != null) {
            headers.setBearerAuth(key);
        }
        return headers;
    }

    private ResponseEntity<JsonNode> call(HttpMethod method, String path, String key, Object body) {
        return rest.exchange(path, method, new HttpEntity<>(body, bearer(key)), JsonNode.class);
    }

    private static String lastLine(String out) {
        String[] lines = out.strip().split("\\R");
        return lines[lines.length - 1];
    }

    private List<Object> eventsOf(ApiKeyId id) {
        return eventStore.readEvents(id.value()).asStream().map(m -> (Object) m.getPayload()).toList();
    }

    private static void assertProblem(ResponseEntity<JsonNode> answer, HttpStatus status, String code) {
        assertThat(answer.getStatusCode()).isEqualTo(status);
        assertThat(answer.getHeaders().getContentType()).isNotNull();
        assertThat(answer.getHeaders().getContentType().toString()).startsWith("application/problem+json");
        assertThat(answer.getBody().path("code").asText()).isEqualTo(code);
        assertThat(answer.getBody().path("status").asInt()).isEqualTo(status.value());
        assertThat(answer.getBody().path("detail").asText()).isNotBlank();
    }

    @Test
    void anAdminKeyFromTheCommandLineCreatesAScopedKeyThroughTheApi() {
        String operatorOwner = newOwner();
        InProcessAgis.Run created = agis("apikey", "create", "--name", "bootstrap", "--owner", operatorOwner, "--scopes", "admin",
                "--rate-limit", "1000");
        assertThat(created.exit()).as(created.err()).isZero();
        String admin = lastLine(created.out());
        assertThat(ApiKeySecret.isWellFormed(admin)).as(created.out()).isTrue();
        String adminId = created.out().lines().filter(l -> l.startsWith("id: ")).findFirst().orElseThrow().substring(4);

        String player = newOwner();
        ResponseEntity<JsonNode> scoped = call(HttpMethod.POST, "/api/v1/auth/keys", admin,
                Map.of("name", "dashboard", "owner", player, "scopes", List.of("read:servers"), "rateLimit", 50));
        assertThat(scoped.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        String key = scoped.getBody().path("key").asText();
        assertThat(ApiKeySecret.isWellFormed(key)).isTrue();
        JsonNode view = scoped.getBody().path("apiKey");
        assertThat(view.path("owner").asText()).isEqualTo(player);
        assertThat(view.path("scopes").toString()).isEqualTo("[\"read:servers\"]");
        assertThat(view.path("rateLimit").asInt()).isEqualTo(50);
        assertThat(view.toString()).doesNotContain(key).doesNotContain(ApiKeySecret.hash(key));
        ApiKeyId scopedId = ApiKeyId.of(view.path("keyId").asText());
        // the command was sent on behalf of the admin key, and only the hash was stored
        assertThat(eventsOf(scopedId)).singleElement().isInstanceOfSatisfying(ApiKeyCreated.class, e -> {
            assertThat(e.actor()).isEqualTo(Actor.of("apikey:" + adminId));
            assertThat(e.keyHash()).isEqualTo(ApiKeySecret.hash(key));
        });

        ResponseEntity<JsonNode> servers = call(HttpMethod.GET, "/api/v1/servers", key, null);
        assertThat(servers.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(servers.getHeaders().getFirst("X-RateLimit-Limit")).isEqualTo("50");
        assertThat(servers.getHeaders().getFirst("X-RateLimit-Remaining")).isEqualTo("49");
        assertThat(Long.parseLong(servers.getHeaders().getFirst("X-RateLimit-Reset"))).isBetween(1L, 60L);

        ResponseEntity<JsonNode> write = call(HttpMethod.POST, "/api/v1/servers", key, Map.of("templateId", "minecraft"));
        assertProblem(write, HttpStatus.FORBIDDEN, "INSUFFICIENT_SCOPE");
        assertThat(write.getBody().path("detail").asText()).contains("write:servers");
        assertThat(write.getHeaders().getFirst("X-RateLimit-Remaining")).isEqualTo("48");
        assertProblem(call(HttpMethod.GET, "/api/v1/leaderboard/credits", key, null), HttpStatus.FORBIDDEN, "INSUFFICIENT_SCOPE");

        // a key hands out only scopes it holds, and only for its own owner
        assertProblem(call(HttpMethod.POST, "/api/v1/auth/keys", key, Map.of("name", "wider", "scopes", List.of("write:servers"))),
                HttpStatus.FORBIDDEN, "SCOPE_NOT_HELD");
        assertProblem(call(HttpMethod.POST, "/api/v1/auth/keys", key,
                Map.of("name", "other", "owner", newOwner(), "scopes", List.of("read:servers"))), HttpStatus.FORBIDDEN, "NOT_KEY_OWNER");
        assertProblem(call(HttpMethod.POST, "/api/v1/auth/keys", admin, Map.of("name", "bad", "scopes", List.of("read:everything"))),
                HttpStatus.BAD_REQUEST, "INVALID_SCOPE");
        ResponseEntity<JsonNode> sibling = call(HttpMethod.POST, "/api/v1/auth/keys", key,
                Map.of("name", "sibling", "scopes", List.of("read:servers")));
        assertThat(sibling.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(sibling.getBody().path("apiKey").path("owner").asText()).isEqualTo(player);

        ResponseEntity<JsonNode> list = call(HttpMethod.GET, "/api/v1/auth/keys", key, null);
        assertThat(list.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(list.getBody().path("items")).hasSize(2);
        assertThat(list.getBody().toString()).doesNotContain(key);

        // last-used times arrive with the instance's next batch, not per request
        usage.flush();
        JsonNode used = call(HttpMethod.GET, "/api/v1/auth/keys", key, null).getBody();
        JsonNode scopedRow = null;
        for (JsonNode row : used.path("items")) {
            if (row.path("keyId").asText().equals(scopedId.value())) {
                scopedRow = row;
            }
        }
        assertThat(scopedRow).isNotNull();
        assertThat(Instant.parse(scopedRow.path("lastUsedAt").asText())).isAfter(Instant.now().minusSeconds(300));

        InProcessAgis.Run listed = agis("apikey", "list", "--owner", player);
        assertThat(listed.exit()).as(listed.err()).isZero();
        assertThat(listed.out()).contains(scopedId.uuid()).contains("dashboard").doesNotContain(key);

        // revoked through the API: refused at once on this instance
        ResponseEntity<JsonNode> revoked = call(HttpMethod.DELETE, "/api/v1/auth/keys/" + scopedId.uuid(), admin, null);
        assertThat(revoked.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(eventsOf(scopedId)).last().isInstanceOfSatisfying(ApiKeyRevoked.class,
                e -> assertThat(e.actor()).isEqualTo(Actor.of("apikey:" + adminId)));
        ResponseEntity<JsonNode> afterRevoke = call(HttpMethod.GET, "/api/v1/servers", key, null);
        assertProblem(afterRevoke, HttpStatus.UNAUTHORIZED, "UNAUTHENTICATED");
        assertThat(afterRevoke.getBody().path("detail").asText()).contains("revoked");
        assertProblem(call(HttpMethod.DELETE, "/api/v1/auth/keys/" + UUID.randomUUID(), admin, null), HttpStatus.NOT_FOUND,
                "API_KEY_NOT_FOUND");

        // revoked from the command line (another process, as far as this instance knows): refused within the cache time
        String siblingKey = sibling.getBody().path("key").asText();
        assertThat(call(HttpMethod.GET, "/api/v1/servers", siblingKey, null).getStatusCode()).isEqualTo(HttpStatus.OK);
        InProcessAgis.Run revokedByCli = agis("apikey", "revoke", sibling.getBody().path("apiKey").path("id").asText());
        assertThat(revokedByCli.exit()).as(revokedByCli.err()).isZero();
        await().atMost(Duration.ofSeconds(15)).until(() ->
                call(HttpMethod.GET, "/api/v1/servers", siblingKey, null).getStatusCode() == HttpStatus.UNAUTHORIZED);
        assertThat(agis("apikey", "revoke", UUID.randomUUID().toString()).exit()).isEqualTo(1);
    }

    @Test
    void missingUnknownMalformedAndExpiredKeysAre401() {
        ResponseEntity<JsonNode> none = call(HttpMethod.GET, "/api/v1/servers", null, null);
        assertProblem(none, HttpStatus.UNAUTHORIZED, "UNAUTHENTICATED");
        assertThat(none.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).isEqualTo("Bearer");
        assertProblem(call(HttpMethod.GET, "/api/v1/servers", "1234567890", null), HttpStatus.UNAUTHORIZED, "UNAUTHENTICATED");
        assertProblem(call(HttpMethod.GET, "/api/v1/servers", ApiKeySecret.generate(), null), HttpStatus.UNAUTHORIZED, "UNAUTHENTICATED");
        HttpHeaders basic = new HttpHeaders();
        basic.setBasicAuth("user", "password");
        assertThat(rest.exchange("/api/v1/servers", HttpMethod.GET, new HttpEntity<>(basic), JsonNode.class).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);

        String key = ApiKeySecret.generate();
        ApiKeyId id = ApiKeyId.newId();
        commands.sendAndWait(new CreateApiKey(id, "short-lived", PlayerId.of(newOwner()), EnumSet.of(ApiScope.READ_SERVERS),
                ApiKeySecret.hash(key), 100, 1, null, Actor.operator("test")));
        // a day later (moved in the lookup, not by waiting): the key is refused
        jdbc.sql("UPDATE api_key SET expires_at = :past WHERE key_id = :id")
                .param("past", Timestamp.from(Instant.now().minusSeconds(1))).param("id", id.value()).update();
        ResponseEntity<JsonNode> expired = call(HttpMethod.GET, "/api/v1/servers", key, null);
        assertProblem(expired, HttpStatus.UNAUTHORIZED, "UNAUTHENTICATED");
        assertThat(expired.getBody().path("detail").asText()).contains("expired");

        // public routes answer without a key
        assertThat(rest.getForEntity("/api/v1/shop", JsonNode.class).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(rest.getForEntity("/api/v1/templates", JsonNode.class).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(rest.getForEntity("/v3/api-docs", JsonNode.class).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(rest.getForEntity("/actuator/health/liveness", JsonNode.class).getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void theRequestAfterTheRateLimitIs429WithRetryAfter() {
        String key = TestApiKeys.create(commands, newOwner(), 100, ApiScope.READ_SERVERS);
        for (int i = 1; i <= 100; i++) {
            ResponseEntity<JsonNode> ok = call(HttpMethod.GET, "/api/v1/servers", key, null);
            assertThat(ok.getStatusCode()).as("request " + i).isEqualTo(HttpStatus.OK);
            assertThat(ok.getHeaders().getFirst("X-RateLimit-Remaining")).isEqualTo(String.valueOf(100 - i));
        }
        ResponseEntity<JsonNode> limited = call(HttpMethod.GET, "/api/v1/servers", key, null);
        assertProblem(limited, HttpStatus.TOO_MANY_REQUESTS, "RATE_LIMITED");
        assertThat(limited.getHeaders().getFirst("X-RateLimit-Limit")).isEqualTo("100");
        assertThat(limited.getHeaders().getFirst("X-RateLimit-Remaining")).isEqualTo("0");
        assertThat(Long.parseLong(limited.getHeaders().getFirst("X-RateLimit-Reset"))).isBetween(1L, 60L);
        assertThat(Long.parseLong(limited.getHeaders().getFirst(HttpHeaders.RETRY_AFTER))).isBetween(1L, 60L);
    }

    /** A new route is closed until it says what it needs: every keyed /api/v1 handler declares a scope. */
    @Test
    void everyApiRouteDeclaresItsScope() {
        Set<String> publicRoutes = Set.of("/api/v1/shop", "/api/v1/templates");
        List<String> undeclared = new ArrayList<>();
        handlers.getHandlerMethods().forEach((mapping, method) -> mapping.getPatternValues().stream()
                .filter(path -> path.startsWith("/api/v1/") && !publicRoutes.contains(path))
                .filter(path -> !method.hasMethodAnnotation(RequiresScope.class) && !method.hasMethodAnnotation(AnyScope.class))
                .forEach(path -> undeclared.add(mapping + " -> " + method)));
        assertThat(undeclared).isEmpty();
        assertThat(handlers.getHandlerMethods().keySet().stream().flatMap(m -> m.getPatternValues().stream()))
                .contains("/api/v1/servers", "/api/v1/auth/keys", "/api/v1/auth/keys/{id}");
    }

    @Test
    void twoInstancesOnOneDatabaseShareTheBucket() {
        String key = TestApiKeys.create(commands, newOwner(), 10, ApiScope.READ_SERVERS);
        // a second AGIS on the same database, serving on its own port; its streaming processors stay idle
        try (ConfigurableApplicationContext second = new SpringApplicationBuilder(AgisApplication.class)
                .properties("spring.main.banner-mode=off", "agis.processors.max-claimed-segments=0", "db-scheduler.enabled=false")
                // an argument, not a default property: application.yml's port outranks those
                .run("--server.port=0")) {
            int port = ((WebServerApplicationContext) second).getWebServer().getPort();
            RestTemplate other = new RestTemplate();
            other.setErrorHandler(response -> false);
            for (int i = 0; i < 10; i++) {
                ResponseEntity<JsonNode> answer = i % 2 == 0
                        ? call(HttpMethod.GET, "/api/v1/servers", key, null)
                        : other.exchange("http://localhost:" + port + "/api/v1/servers", HttpMethod.GET,
                        new HttpEntity<>(bearer(key)), JsonNode.class);
                assertThat(answer.getStatusCode()).as("request " + (i + 1)).isEqualTo(HttpStatus.OK);
            }
            ResponseEntity<JsonNode> eleventh = other.exchange("http://localhost:" + port + "/api/v1/servers", HttpMethod.GET,
                    new HttpEntity<>(bearer(key)), JsonNode.class);
            assertThat(eleventh.getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
            assertThat(call(HttpMethod.GET, "/api/v1/servers", key, null).getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        }
    }
}
