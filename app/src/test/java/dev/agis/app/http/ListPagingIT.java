package dev.agis.app.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agis.app.AbstractIntegrationTest;
import dev.agis.app.apikey.TestApiKeys;
import dev.agis.domain.account.AccountCommands.CreditAccount;
import dev.agis.domain.account.AccountId;
import dev.agis.domain.account.MovementReason;
import dev.agis.domain.apikey.ApiScope;
import dev.agis.domain.common.Actor;
import dev.agis.domain.common.Credits;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The list endpoints page one way: {items, nextCursor}, each row once, filters applied, foreign cursors refused. */
class ListPagingIT extends AbstractIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @LocalServerPort
    int port;
    @Autowired
    CommandGateway commands;

    private HttpResponse<String> send(String method, String path, String key, String body) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode get(String path, String key) throws Exception {
        return JSON.readTree(send("GET", path, key, null).body());
    }

    /** Every page of a list with this page size: the ids in order and how many pages it took. */
    private List<String> walk(String path, String key, int limit, int[] pages) throws Exception {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            String sep = path.contains("?") ? "&" : "?";
            JsonNode page = get(path + sep + "limit=" + limit + (cursor == null ? "" : "&cursor=" + cursor), key);
            assertThat(page.path("items").isArray()).as(page.toString()).isTrue();
            assertThat(page.path("items").size()).isLessThanOrEqualTo(limit);
            page.path("items").forEach(item -> ids.add(item.path("id").asText()));
            cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asText();
            pages[0]++;
        } while (cursor != null);
        return ids;
    }

    @Test
    void serversSchedulesAndKeysArePagedOnceEachWithFilters() throws Exception {
        String owner = String.valueOf(ThreadLocalRandom.current().nextLong(100_000_000_000L, 999_999_999_999L));
        commands.sendAndWait(new CreditAccount(AccountId.user(owner), Credits.of(10_000), MovementReason.ADMIN_GRANT, "fund",
                Actor.system("test"), "test"));
        String key = TestApiKeys.player(commands, owner);
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> r = send("POST", "/api/v1/servers", key, "{\"templateId\":\"minecraft\",\"name\":\"p" + i + "\"}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            created.add(JSON.readTree(r.body()).path("id").asText());
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> get("/api/v1/servers?limit=100", key).path("items").size() == 3);

        int[] pages = {0};
        assertThat(walk("/api/v1/servers", key, 2, pages)).containsExactly(created.get(2), created.get(1), created.get(0));
        assertThat(pages[0]).isEqualTo(2);
        assertThat(get("/api/v1/servers?game=terraria", key).path("items")).isEmpty();

        for (String cron : List.of("0 1 * * *", "0 2 * * *", "0 3 * * *")) {
            HttpResponse<String> r = send("POST", "/api/v1/schedules", key,
                    "{\"serverId\":\"" + created.get(0) + "\",\"action\":\"stop\",\"cron\":\"" + cron + "\"}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> get("/api/v1/schedules?limit=100", key).path("items").size() == 3);
        pages[0] = 0;
        List<String> schedules = walk("/api/v1/schedules", key, 1, pages);
        assertThat(schedules).hasSize(3).doesNotHaveDuplicates();
        assertThat(pages[0]).isEqualTo(3);
        assertThat(get("/api/v1/schedules?enabled=false", key).path("items")).isEmpty();
        assertThat(get("/api/v1/schedules?serverId=" + created.get(1), key).path("items")).isEmpty();
        assertThat(get("/api/v1/schedules?enabled=maybe", key).path("code").asText()).isEqualTo("INVALID_ARGUMENT");

        TestApiKeys.create(commands, owner, TestApiKeys.GENEROUS_RATE, ApiScope.READ_SERVERS);
        TestApiKeys.create(commands, owner, TestApiKeys.GENEROUS_RATE, ApiScope.READ_SERVERS);
        pages[0] = 0;
        List<String> keys = walk("/api/v1/auth/keys", key, 2, pages);
        assertThat(keys).hasSize(3).doesNotHaveDuplicates();
        assertThat(pages[0]).isEqualTo(2);
        assertThat(get("/api/v1/auth/keys?revoked=true", key).path("items")).isEmpty();

        // a cursor is only good for the list that gave it
        String serversCursor = get("/api/v1/servers?limit=1", key).path("nextCursor").asText();
        assertThat(get("/api/v1/auth/keys?cursor=" + serversCursor, key).path("code").asText()).isEqualTo("INVALID_CURSOR");
        assertThat(get("/api/v1/servers?limit=101", key).path("code").asText()).isEqualTo("INVALID_LIMIT");
    }
}
