package dev.agis.app.apikey;

import dev.agis.app.AbstractIntegrationTest;
import dev.agis.domain.apikey.ApiScope;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A key of 200 requests per minute or more consumes from a local copy of its bucket and
 * synchronises with PostgreSQL per 1 % of its minute (Bucket4j's delaying optimization): on one
 * instance the count must still be exact, request by request, and the request after the limit 429.
 */
class BusyKeyRateLimitIT extends AbstractIntegrationTest {

    @Autowired
    TestRestTemplate rest;
    @Autowired
    CommandGateway commands;

    @Test
    void aDelayedBucketCountsExactlyOnOneInstance() {
        String key = TestApiKeys.create(commands, "8" + Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000_000L),
                300, ApiScope.READ_SERVERS);
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(key);
        for (int i = 1; i <= 300; i++) {
            ResponseEntity<String> ok = rest.exchange("/api/v1/servers", HttpMethod.GET, new HttpEntity<>(headers), String.class);
            assertThat(ok.getStatusCode()).as("request " + i).isEqualTo(HttpStatus.OK);
            assertThat(ok.getHeaders().getFirst("X-RateLimit-Remaining")).as("request " + i).isEqualTo(String.valueOf(300 - i));
        }
        ResponseEntity<String> limited = rest.exchange("/api/v1/servers", HttpMethod.GET, new HttpEntity<>(headers), String.class);
        assertThat(limited.getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(limited.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isNotNull();
    }

    @Test
    void concurrentFirstRequestsOfANewKeyAllPass() throws Exception {
        for (int limit : new int[] {100, 100_000}) { // batching and delaying optimizations
            String key = TestApiKeys.create(commands, "7" + Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000_000L),
                    limit, ApiScope.READ_SERVERS);
            HttpHeaders headers = new HttpHeaders();
            headers.setBearerAuth(key);
            ExecutorService clients = Executors.newFixedThreadPool(16);
            try {
                List<Future<ResponseEntity<String>>> answers = new ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    answers.add(clients.submit(() -> rest.exchange("/api/v1/servers", HttpMethod.GET, new HttpEntity<>(headers), String.class)));
                }
                for (Future<ResponseEntity<String>> answer : answers) {
                    assertThat(answer.get().getStatusCode()).as("limit " + limit).isEqualTo(HttpStatus.OK);
                }
            } finally {
                clients.shutdownNow();
            }
        }
    }
}
