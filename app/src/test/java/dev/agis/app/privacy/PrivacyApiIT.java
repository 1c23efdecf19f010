package dev.agis.app.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agis.app.AbstractIntegrationTest;
import dev.agis.app.apikey.TestApiKeys;
import dev.agis.domain.account.AccountId;
import dev.agis.domain.account.AccountQueries.AccountBalance;
import dev.agis.domain.account.AccountQueries.FindAccountBalance;
import dev.agis.domain.apikey.ApiScope;
import dev.agis.domain.common.PlayerId;
import dev.agis.domain.consent.ConsentPurpose;
import dev.agis.domain.consent.ConsentQueries.CurrentConsent;
import dev.agis.domain.consent.ConsentQueries.FindCurrentConsent;
import dev.agis.domain.privacy.PersonalData;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static dev.agis.app.conversion.AyetCallbackFlowIT.conversion;
import static dev.agis.app.conversion.AyetCallbackFlowIT.newPlayer;
import static dev.agis.app.conversion.AyetCallbackFlowIT.newTx;
import static dev.agis.app.privacy.PrivacyErasureIT.callbackFrom;
import static dev.agis.app.privacy.PrivacyErasureIT.placesHolding;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The player's own privacy routes over real HTTP with real API keys (scope {@code privacy}):
 * export, consent, erasure with its confirmation, and that an API erasure leaves no plaintext of
 * the player's free text or address in any table.
 */
class PrivacyApiIT extends AbstractIntegrationTest {

    @LocalServerPort
    int port;
    @Autowired
    TestRestTemplate http;
    @Autowired
    CommandGateway commands;
    @Autowired
    QueryGateway queries;
    @Autowired
    JdbcClient jdbc;

    private final ObjectMapper json = new ObjectMapper();

    private String privacyKey(String player) {
        return TestApiKeys.create(commands, player, TestApiKeys.GENEROUS_RATE, ApiScope.PRIVACY);
    }

    private ResponseEntity<JsonNode> call(HttpMethod method, String path, String key, Object body) {
        HttpHeaders headers = new HttpHeaders();
        if (key != null) {
            headers.setBearerAuth(key);
        }
        headers.setContentType(MediaType.APPLICATION_JSON);
        return http.exchange(path, method, new HttpEntity<>(body, headers), JsonNode.class);
    }

    private CurrentConsent consentOf(String player) {
        return queries.query(new FindCurrentConsent(PlayerId.of(player)), CurrentConsent.class).join();
    }

    private long dataKeys(String player) {
        return jdbc.sql("SELECT count(*) FROM player_data_key WHERE player_id = :p").param("p", player).query(Long.class).single();
    }

    @Test
    void consentIsGrantedReadAndWithdrawnThroughTheApiWithChannelApi() {
        String player = newPlayer();
        String key = privacyKey(player);

        ResponseEntity<JsonNode> none = call(HttpMethod.GET, "/api/v1/users/me/consents", key, null);
        assertThat(none.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(none.getBody().path("player").asText()).isEqualTo(player);
        assertThat(none.getBody().path("currentPolicyVersion").asText()).isEqualTo("2026-11");
        assertThat(none.getBody().path("purposes")).hasSize(3).allMatch(p -> !p.path("granted").asBoolean());

        ResponseEntity<JsonNode> granted = call(HttpMethod.PUT, "/api/v1/users/me/consents/notifications", key, null);
        assertThat(granted.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(granted.getBody().path("granted").asBoolean()).isTrue();
        assertThat(granted.getBody().path("policyVersion").asText()).isEqualTo("2026-11");
        await().atMost(Duration.ofSeconds(15)).until(() -> consentOf(player).granted(ConsentPurpose.NOTIFICATIONS));
        JsonNode read = call(HttpMethod.GET, "/api/v1/users/me/consents", key, null).getBody();
        JsonNode notifications = read.path("purposes").findParents("purpose").stream()
                .filter(p -> p.path("purpose").asText().equals("notifications")).findFirst().orElseThrow();
        assertThat(notifications.path("granted").asBoolean()).isTrue();
        assertThat(notifications.path("channel").asText()).isEqualTo("api");

        ResponseEntity<JsonNode> withdrawn = call(HttpMethod.DELETE, "/api/v1/users/me/consents/notifications", key, null);
        assertThat(withdrawn.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(withdrawn.getBody().path("granted").asBoolean()).isFalse();
        await().atMost(Duration.ofSeconds(15)).until(() -> !consentOf(player).granted(ConsentPurpose.NOTIFICATIONS));

        // the history names the key as actor and the API as channel
        JsonNode export = call(HttpMethod.GET, "/api/v1/users/me/data", key, null).getBody();
        assertThat(export.path("consentHistory")).hasSize(2);
        assertThat(export.path("consentHistory").get(0).path("channel").asText()).isEqualTo("api");
        assertThat(export.path("consentHistory").get(0).path("actor").asText()).startsWith("apikey:");
    }

    @Test
    void badConsentRequestsAreProblemsAndChangeNothing() {
        String player = newPlayer();
        String key = privacyKey(player);

        ResponseEntity<JsonNode> unknown = call(HttpMethod.PUT, "/api/v1/users/me/consents/marketing", key, null);
        assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(unknown.getBody().path("code").asText()).isEqualTo("UNKNOWN_PURPOSE");

        ResponseEntity<JsonNode> notGranted = call(HttpMethod.DELETE, "/api/v1/users/me/consents/ads", key, null);
        assertThat(notGranted.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(notGranted.getBody().path("code").asText()).isEqualTo("NOT_GRANTED");

        JsonNode export = call(HttpMethod.GET, "/api/v1/users/me/data", key, null).getBody();
        assertThat(export.path("consentHistory")).isEmpty();
        assertThat(export.path("events").findValuesAsText("type")).containsExactly("ApiKeyCreated");
    }

    @Test
    void withoutThePrivacyScopeOrAKeyNothingIsReachable() {
        String player = newPlayer();
        String serversAndStats = TestApiKeys.player(commands, player);
        ResponseEntity<JsonNode> export = call(HttpMethod.GET, "/api/v1/users/me/data", serversAndStats, null);
        assertThat(export.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(export.getBody().path("code").asText()).isEqualTo("INSUFFICIENT_SCOPE");
        ResponseEntity<JsonNode> erase = call(HttpMethod.POST, "/api/v1/users/me/data/erasure", serversAndStats,
                Map.of("confirm", "ERASE"));
        assertThat(erase.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(call(HttpMethod.PUT, "/api/v1/users/me/consents/ads", serversAndStats, null).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(call(HttpMethod.GET, "/api/v1/users/me/consents", null, null).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(jdbc.sql("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = :a")
                .param("a", "erasure:" + player).query(Long.class).single()).isZero();
    }

    @Test
    void anApiErasureNeedsItsConfirmationIsIdempotentAndLeavesNoPlaintextAnywhere() throws Exception {
        String player = newPlayer();
        String key = privacyKey(player);
        String secret = "OKAPI-API-ERASE-" + UUID.randomUUID();
        String address = "127.93.71.19";
        assertThat(call(HttpMethod.PUT, "/api/v1/users/me/consents/ads", key, null).getStatusCode()).isEqualTo(HttpStatus.OK);
        await().atMost(Duration.ofSeconds(15)).until(() -> consentOf(player).granted(ConsentPurpose.ADS));
        Map<String, String> params = conversion(newTx(), player, "120");
        params.put("custom_2", secret);
        assertThat(callbackFrom(port, address, params)).contains("200");
        await().atMost(Duration.ofSeconds(15)).until(() -> queries.query(new FindAccountBalance(AccountId.user(player)),
                AccountBalance.class).join().balance().value() == 120);

        // the export is the player's own, decrypted
        ResponseEntity<String> exported = http.exchange("/api/v1/users/me/data", HttpMethod.GET,
                new HttpEntity<>(bearer(key)), String.class);
        assertThat(exported.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(exported.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_JSON)).isTrue();
        assertThat(exported.getBody()).contains(secret, address);
        assertThat(json.readTree(exported.getBody()).path("player").asText()).isEqualTo(player);

        // without the confirmation: a problem, and nothing erased
        for (Object body : new Object[] {null, Map.of(), Map.of("confirm", "yes")}) {
            ResponseEntity<JsonNode> refused = call(HttpMethod.POST, "/api/v1/users/me/data/erasure", key, body);
            assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(refused.getBody().path("code").asText()).isEqualTo("INVALID_ARGUMENT");
            assertThat(refused.getBody().path("detail").asText()).contains("\"confirm\":\"ERASE\"");
        }
        assertThat(dataKeys(player)).isOne();

        ResponseEntity<JsonNode> erased = call(HttpMethod.POST, "/api/v1/users/me/data/erasure", key, Map.of("confirm", "ERASE"));
        assertThat(erased.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(erased.getBody().path("erased").asBoolean()).isTrue();
        assertThat(erased.getBody().path("firstRequest").asBoolean()).isTrue();
        assertThat(erased.getBody().path("request").asInt()).isOne();
        assertThat(erased.getBody().path("actor").asText()).startsWith("apikey:");
        assertThat(dataKeys(player)).isZero();

        ResponseEntity<JsonNode> again = call(HttpMethod.POST, "/api/v1/users/me/data/erasure", key, Map.of("confirm", "ERASE"));
        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(again.getBody().path("firstRequest").asBoolean()).isFalse();
        assertThat(again.getBody().path("request").asInt()).isEqualTo(2);

        String after = http.exchange("/api/v1/users/me/data", HttpMethod.GET, new HttpEntity<>(bearer(key)), String.class).getBody();
        assertThat(after).doesNotContain(secret).doesNotContain(address).contains(PersonalData.ERASED);
        assertThat(json.readTree(after).path("erasures")).hasSize(2);
        assertThat(placesHolding(jdbc, secret)).isEmpty();
        assertThat(placesHolding(jdbc, address)).isEmpty();
    }

    private static HttpHeaders bearer(String key) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(key);
        return headers;
    }
}
