package dev.agis.app.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agis.app.AbstractIntegrationTest;
import dev.agis.app.apikey.TestApiKeys;
import dev.agis.domain.apikey.ApiScope;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile input on every operation of the OpenAPI document, over raw HTTP so that malformed
 * encodings reach the server as sent: every answer is an error or a success, never a 5xx and never
 * an HTML page, and every error is problem JSON with a code. Malformed path values and paging
 * parameters must be refused (4xx).
 */
class HostileRequestsIT extends AbstractIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Path values that are malformed in themselves: encodings, control characters, traversal. */
    private static final List<String> MALFORMED_PATH_VALUES = List.of("%00", "%zz", "%", "%2F", "%2e%2e%2F%2e%2e",
            "..%2F..%2Fetc", "a%5Cb", "%C0%AE", "%ff%fe", "a;b=c", "x%0D%0ASet-Cookie:%20a=b");
    /** Values that are well-formed but wrong for any id or number. */
    private static final List<String> ODD_VALUES = List.of("-1", "99999999999999999999999", "1e309", "NaN", "%3Cscript%3E",
            "%E2%80%AE", "null", "%20", "a".repeat(3000));
    private static final List<String> BODIES = List.of("{not json", "[]", "null", "\"text\"", "{\"amount\":\"lots\"}",
            "{\"templateId\":{\"$gt\":\"\"}}", "{\"a\":" + "[".repeat(2000) + "]".repeat(2000) + "}");

    @LocalServerPort
    int port;
    @Autowired
    CommandGateway commands;

    private String admin;
    private final List<String> failures = new ArrayList<>();
    private int sent;

    @BeforeEach
    void adminKey() {
        String owner = String.valueOf(ThreadLocalRandom.current().nextLong(100_000_000_000L, 999_999_999_999L));
        admin = TestApiKeys.create(commands, owner, TestApiKeys.GENEROUS_RATE, ApiScope.ADMIN);
    }

    record Raw(int status, Map<String, String> headers, String body) {
        String contentType() {
            return headers.getOrDefault("content-type", "");
        }
    }

    /** One request as bytes on a socket (HTTP/1.0: one answer, no chunking, then the server closes). */
    private Raw send(String method, String target, Map<String, String> headers, byte[] body) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(30_000);
            StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.0\r\n")
                    .append("Host: localhost\r\n");
            headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            if (body != null) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            head.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                try {
                    out.write(body);
                } catch (IOException e) {
                    // the server may answer and close before reading an oversized body
                }
            }
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            sent++;
            int split = answer.indexOf("\r\n\r\n");
            String[] lines = (split < 0 ? answer : answer.substring(0, split)).split("\r\n");
            Map<String, String> answerHeaders = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    answerHeaders.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
                }
            }
            int status = lines[0].startsWith("HTTP/") ? Integer.parseInt(lines[0].split(" ")[1]) : -1;
            return new Raw(status, answerHeaders, split < 0 ? "" : answer.substring(split + 4));
        }
    }

    private Raw keyed(String method, String target, String contentType, String body) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + admin);
        headers.put("Accept", "application/json");
        if (contentType != null) {
            headers.put("Content-Type", contentType);
        }
        return send(method, target, headers, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    /** Never a 5xx, never HTML; an error is problem JSON with a code; {@code mustRefuse} demands a 4xx. */
    private void check(String what, Raw raw, boolean mustRefuse) {
        String label = what + " -> " + raw.status() + " " + raw.contentType() + " " + abbreviate(raw.body());
        if (raw.status() < 200 || raw.status() >= 500) {
            failures.add("5xx or no answer: " + label);
            return;
        }
        if (raw.body().toLowerCase(Locale.ROOT).contains("<html") || raw.contentType().contains("html")) {
            failures.add("HTML: " + label);
            return;
        }
        if (mustRefuse && raw.status() < 400) {
            failures.add("accepted: " + label);
            return;
        }
        if (raw.status() >= 400) {
            if (!raw.contentType().startsWith("application/problem+json")) {
                failures.add("not problem JSON: " + label);
                return;
            }
            try {
                JsonNode problem = JSON.readTree(raw.body());
                if (problem.path("code").asText().isBlank() || problem.path("status").asInt() != raw.status()) {
                    failures.add("problem without code or status: " + label);
                }
            } catch (IOException e) {
                failures.add("unparseable problem: " + label);
            }
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }

    @Test
    void everyOperationOfTheOpenApiDocumentAnswersHostileInputWithProblemJson() throws Exception {
        Raw docs = send("GET", "/v3/api-docs", Map.of(), null);
        assertThat(docs.status()).isEqualTo(200);
        JsonNode paths = JSON.readTree(docs.body()).path("paths");
        int operations = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            if (!path.getKey().startsWith("/api/")) {
                continue;
            }
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                String method = op.getKey().toUpperCase(Locale.ROOT);
                operations++;
                attack(path.getKey(), method, op.getValue());
            }
        }
        assertThat(operations).isGreaterThan(30);
        assertThat(failures).as("%d of %d hostile requests went wrong", failures.size(), sent).isEmpty();
    }

    private void attack(String template, String method, JsonNode operation) throws IOException {
        List<String> pathParams = new ArrayList<>();
        List<String> queryParams = new ArrayList<>();
        operation.path("parameters").forEach(p -> {
            if ("path".equals(p.path("in").asText())) {
                pathParams.add(p.path("name").asText());
            } else if ("query".equals(p.path("in").asText())) {
                queryParams.add(p.path("name").asText());
            }
        });
        String plain = template;
        for (String name : pathParams) {
            plain = plain.replace("{" + name + "}", "x" + UUID.randomUUID().toString().substring(0, 8));
        }
        boolean hasBody = operation.has("requestBody");
        String json = hasBody ? "application/json" : null;
        String emptyBody = hasBody ? "{}" : null;
        for (String name : pathParams) {
            for (String value : MALFORMED_PATH_VALUES) {
                String target = withValue(template, pathParams, name, value);
                check(method + " " + target, keyed(method, target, json, emptyBody), true);
            }
            for (String value : ODD_VALUES) {
                String target = withValue(template, pathParams, name, value);
                check(method + " " + target, keyed(method, target, json, emptyBody), false);
            }
        }
        for (String name : queryParams) {
            boolean paging = name.equals("limit") || name.equals("cursor");
            for (String value : List.of("%00", "%zz", "-1", "0", "99999999999999999999", "abc", "%3Cscript%3E", "a".repeat(3000))) {
                String target = plain + "?" + name + "=" + value;
                check(method + " " + target, keyed(method, target, json, emptyBody), paging);
            }
        }
        if (hasBody) {
            for (String body : BODIES) {
                check(method + " " + plain + " body " + abbreviate(body), keyed(method, plain, "application/json", body), true);
            }
            check(method + " " + plain + " no body", keyed(method, plain, "application/json", null), true);
            check(method + " " + plain + " as text", keyed(method, plain, "text/plain", "templateId=minecraft"), true);
            check(method + " " + plain + " as form", keyed(method, plain, "application/x-www-form-urlencoded", "a=b"), true);
        }
        // asks for HTML, gets JSON or a problem — never a page
        Map<String, String> html = new LinkedHashMap<>();
        html.put("Authorization", "Bearer " + admin);
        html.put("Accept", "text/html");
        check(method + " " + plain + " Accept: text/html", send(method, plain, html, null), false);
        // without a key, or with a malformed one
        check(method + " " + plain + " without key", send(method, plain, Map.of(), null), false);
        check(method + " " + plain + " bad key", send(method, plain, Map.of("Authorization", "Bearer agis_%00"), null), false);
    }

    private static String withValue(String template, List<String> params, String target, String value) {
        String path = template;
        for (String name : params) {
            path = path.replace("{" + name + "}", name.equals(target) ? value : "x1");
        }
        return path;
    }

    @Test
    void errorsRaisedBeforeAnyControllerAreProblemJson() throws Exception {
        Map<String, Raw> answers = new LinkedHashMap<>();
        answers.put("unknown route", keyed("GET", "/api/v1/no-such-route", null, null));
        answers.put("unknown route outside the API", send("GET", "/no-such-page", Map.of("Accept", "text/html"), null));
        answers.put("wrong method", keyed("PATCH", "/api/v1/users/me", null, null));
        answers.put("unsupported media type", keyed("POST", "/api/v1/servers", "application/xml", "<a/>"));
        answers.put("encoded slash", keyed("GET", "/api/v1/servers/a%2Fb", null, null));
        answers.put("NUL", keyed("GET", "/api/v1/servers/%00", null, null));
        answers.put("bad percent encoding", keyed("GET", "/api/v1/servers/%zz", null, null));
        answers.put("traversal", keyed("GET", "/api/v1/servers/..;/..;/actuator", null, null));
        answers.put("double slash", keyed("GET", "/api/v1//servers", null, null));
        answers.put("backslash", send("GET", "/api/v1/servers\\x", Map.of(), null));
        answers.put("raw space", send("GET", "/api/v1/servers/a b", Map.of(), null));
        answers.put("bad number", keyed("GET", "/api/v1/leaderboard/credits?limit=1e3", null, null));
        Map<String, String> huge = new LinkedHashMap<>();
        huge.put("X-Big", "a".repeat(20_000));
        answers.put("oversized headers", send("GET", "/api/v1/servers", huge, null));
        answers.put("oversized body", keyed("POST", "/api/v1/servers", "application/json",
                "{\"name\":\"" + "a".repeat(2_000_000) + "\"}"));
        Map<String, String> idem = new LinkedHashMap<>();
        idem.put("Authorization", "Bearer " + admin);
        idem.put("Content-Type", "application/json");
        idem.put("Idempotency-Key", UUID.randomUUID().toString());
        answers.put("oversized keyed body", send("POST", "/api/v1/servers", idem,
                ("{\"name\":\"" + "a".repeat(2_000_000) + "\"}").getBytes(StandardCharsets.UTF_8)));

        answers.forEach((what, raw) -> check(what, raw, true));
        assertThat(failures).isEmpty();
        assertThat(answers.get("unknown route").status()).isEqualTo(404);
        assertThat(JSON.readTree(answers.get("unknown route").body()).path("code").asText()).isEqualTo("NOT_FOUND");
        assertThat(answers.get("wrong method").status()).isEqualTo(405);
        assertThat(JSON.readTree(answers.get("wrong method").body()).path("code").asText()).isEqualTo("METHOD_NOT_ALLOWED");
        assertThat(answers.get("unsupported media type").status()).isEqualTo(415);
        assertThat(answers.get("NUL").status()).isEqualTo(400);
        assertThat(answers.get("oversized keyed body").status()).isEqualTo(413);
    }
}
