package dev.agis.app.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.agis.app.AbstractIntegrationTest;
import dev.agis.app.apikey.TestApiKeys;
import dev.agis.domain.account.AccountCommands.TransferCredits;
import dev.agis.domain.account.AccountId;
import dev.agis.domain.account.AccountQueries.AccountBalance;
import dev.agis.domain.account.AccountQueries.FindAccountBalance;
import dev.agis.domain.apikey.ApiScope;
import dev.agis.domain.common.Actor;
import dev.agis.domain.common.Credits;
import dev.agis.domain.conversion.ConversionCommands.ApproveConversion;
import dev.agis.domain.conversion.ConversionCommands.RejectConversion;
import dev.agis.domain.conversion.ConversionId;
import dev.agis.domain.conversion.ConversionQueries.ConversionView;
import dev.agis.domain.conversion.ConversionQueries.FindConversion;
import dev.agis.domain.experiment.ExperimentCommands.CreateExperiment;
import dev.agis.domain.experiment.ExperimentKey;
import dev.agis.domain.experiment.ExperimentMetric;
import dev.agis.domain.experiment.VariantSpec;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.agis.app.conversion.AyetCallbackFlowIT.KEY;
import static dev.agis.app.conversion.AyetCallbackFlowIT.conversion;
import static dev.agis.app.conversion.AyetCallbackFlowIT.newPlayer;
import static dev.agis.app.conversion.AyetCallbackFlowIT.newTx;
import static dev.agis.app.conversion.AyetCallbackFlowIT.signatureOf;
import static dev.agis.app.conversion.AyetCallbackFlowIT.wire;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The analytics API over real HTTP after a workload of signed ayeT callbacks (rewarded, reversed,
 * flagged then approved or rejected), transfers to guild treasuries and a server rental: each report
 * answers the exact numbers of that workload, CSV parses back to the JSON rows, and bad ranges, bad
 * cursors and missing scopes are refused with problem JSON. The reports cover a time range that
 * holds only this test's conversions; totals over all accounts are compared as before/after
 * differences, and lists are paged through to find this test's rows among other tests' data.
 */
class AnalyticsApiIT extends AbstractIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;
    @Autowired
    CommandGateway commands;
    @Autowired
    QueryGateway queries;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void reportsAnswerTheWorkloadsNumbersAsJsonAndCsv() throws Exception {
        String analyst = TestApiKeys.create(commands, newPlayer(), TestApiKeys.GENEROUS_RATE, ApiScope.READ_ANALYTICS);
        Map<String, Long> totalsBefore = treasuryBalances(analyst);
        Instant from = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        String a = newPlayer();
        String b = newPlayer();
        String c = newPlayer();
        String a1 = newTx();
        String a2 = newTx();
        String b1 = newTx();
        String c1 = newTx();
        String c2 = newTx();
        callback(conversion(a1, a, "1000"), "0.36");
        callback(conversion(a2, a, "500"), "1.25");
        callback(conversion(b1, b, "300"), "0.50");
        Map<String, String> reversal = conversion("r-" + b1, b, "-300");
        reversal.put("is_chargeback", "1");
        callback(reversal, "-0.50");
        callback(conversion(c1, c, "25000"), "2.00"); // over the cap: flagged, then rejected
        callback(conversion(c2, c, "20000"), "n/a");  // flagged, then approved (capped to 10,000); no numeric payout
        awaitStatus(c1, "flagged");
        awaitStatus(c2, "flagged");
        commands.sendAndWait(new RejectConversion(ConversionId.ayet(c1), Actor.admin("1"), "fraud"));
        commands.sendAndWait(new ApproveConversion(ConversionId.ayet(c2), Actor.admin("1"), "verified"));
        awaitStatus(b1, "reversed");
        awaitStatus(c1, "rejected");
        awaitStatus(c2, "approved");
        await().atMost(Duration.ofSeconds(15)).until(() -> balance(a) == 1500 && balance(c) == 10_000);

        String g1 = "7" + a.substring(1);
        String g2 = "8" + a.substring(1);
        commands.sendAndWait(new TransferCredits(AccountId.user(a), AccountId.guild(g1), Credits.of(600), "analytics-g1", Actor.user(a)));
        commands.sendAndWait(new TransferCredits(AccountId.user(a), AccountId.guild(g2), Credits.of(400), "analytics-g2", Actor.user(a)));
        String renter = TestApiKeys.player(commands, c);
        HttpResponse<String> rented = send(HttpRequest.newBuilder(uri("/api/v1/servers")).header("Authorization", "Bearer " + renter)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"templateId\":\"minecraft\"}")));
        assertThat(rented.statusCode()).isEqualTo(201);
        Instant to = Instant.now().plusSeconds(60);
        String range = "from=" + enc(from.toString()) + "&to=" + enc(to.toString());

        // treasuries: the guilds' totals grew by what was transferred, the players' by what they hold now
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            AccountBalance ca = queries.query(new FindAccountBalance(AccountId.user(c)), AccountBalance.class).join();
            // the first hour is held until the server starts, then captured: either state may be seen here
            Map<String, Long> after = treasuryBalances(analyst);
            assertThat(after.get("GUILD.accounts") - totalsBefore.get("GUILD.accounts")).isEqualTo(2);
            assertThat(after.get("GUILD.balance") - totalsBefore.get("GUILD.balance")).isEqualTo(1000);
            assertThat(after.get("USER.balance") - totalsBefore.get("USER.balance")).isEqualTo(500 + ca.balance().value());
            assertThat(after.get("USER.held") - totalsBefore.get("USER.held")).isEqualTo(ca.held().value());
        });
        List<JsonNode> treasuries = allPages(analyst, "/api/v1/analytics/treasury/top?limit=2");
        assertThat(treasuries).filteredOn(t -> t.get("guildId").asText().equals(g1)).singleElement().satisfies(t -> {
            assertThat(t.get("accountId").asText()).isEqualTo("account:guild:" + g1);
            assertThat(t.get("balance").asLong()).isEqualTo(600);
            assertThat(t.get("movements").asLong()).isEqualTo(1);
        });
        assertRanked(treasuries, "balance");

        // conversions by day/type/tier/status
        List<JsonNode> groups = allPages(analyst, "/api/v1/analytics/conversions?limit=1&" + range);
        Map<String, long[]> byStatus = new HashMap<>();
        for (JsonNode g : groups) {
            assertThat(g.get("provider").asText()).isEqualTo("ayet");
            assertThat(g.get("tier").asText()).isEqualTo("free");
            byStatus.merge(g.get("status").asText(), new long[]{g.get("conversions").asLong(), g.get("rewardCredited").asLong(),
                    g.get("reversed").asLong()}, (x, y) -> new long[]{x[0] + y[0], x[1] + y[1], x[2] + y[2]});
        }
        assertThat(byStatus).containsOnlyKeys("rewarded", "reversed", "rejected", "approved");
        assertThat(byStatus.get("rewarded")).containsExactly(2, 1500, 0);
        assertThat(byStatus.get("reversed")).containsExactly(1, 300, 300);
        assertThat(byStatus.get("rejected")).containsExactly(1, 0, 0);
        assertThat(byStatus.get("approved")).containsExactly(1, 10_000, 0);

        // the same report as CSV: a header row, then the JSON's rows field by field
        HttpResponse<String> csv = get(analyst, "/api/v1/analytics/conversions?limit=1000&" + range, "text/csv");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
        assertThat(csv.body().lines().findFirst()).hasValue("day,provider,type,tier,status,conversions,rewardCredited,reversed");
        List<Map<String, String>> csvRows = csvRows(csv.body());
        assertThat(csvRows).hasSameSizeAs(groups);
        for (int i = 0; i < groups.size(); i++) {
            JsonNode g = groups.get(i);
            Map<String, String> row = csvRows.get(i);
            g.fieldNames().forEachRemaining(field -> assertThat(row.get(field)).as(field).isEqualTo(g.get(field).asText()));
        }

        // revenue by hour: the payouts that are numbers; net leaves out the reversed conversion
        List<JsonNode> hours = allPages(analyst, "/api/v1/analytics/revenue?" + range);
        assertThat(hours).isNotEmpty().allSatisfy(h -> assertThat(Instant.parse(h.get("hour").asText()).getEpochSecond() % 3600).isZero());
        assertThat(hours.stream().mapToLong(h -> h.get("conversions").asLong()).sum()).isEqualTo(5);
        assertThat(sum(hours, "grossPayoutUsd")).isEqualByComparingTo("4.11");
        assertThat(sum(hours, "netPayoutUsd")).isEqualByComparingTo("3.61");
        List<Map<String, String>> revenueCsv = csvRows(get(analyst, "/api/v1/analytics/revenue?" + range, "text/csv").body());
        assertThat(revenueCsv.stream().map(r -> new BigDecimal(r.get("grossPayoutUsd"))).reduce(BigDecimal.ZERO, BigDecimal::add))
                .isEqualByComparingTo("4.11");

        // fraud rate
        HttpResponse<String> fraud = get(analyst, "/api/v1/analytics/fraud?" + range, "application/json");
        JsonNode rate = JSON.readTree(fraud.body());
        assertThat(rate.get("conversions").asLong()).isEqualTo(5);
        assertThat(rate.get("flagged").asLong()).isEqualTo(2);
        assertThat(rate.get("pending").asLong()).isZero();
        assertThat(rate.get("approved").asLong()).isEqualTo(1);
        assertThat(rate.get("rejected").asLong()).isEqualTo(1);
        assertThat(rate.get("flaggedShare").asDouble()).isEqualTo(0.4);
        assertThat(rate.get("rejectedShare").asDouble()).isEqualTo(0.2);
        assertThat(csvRows(get(analyst, "/api/v1/analytics/fraud?" + range, "text/csv").body())).singleElement()
                .satisfies(r -> assertThat(r).containsEntry("conversions", "5").containsEntry("flaggedShare", "0.4"));

        // top earners over 24 h: net of reversals, so B (reversed) is not listed
        List<JsonNode> earners = allPages(analyst, "/api/v1/analytics/top-earners?window=24h&limit=2");
        assertThat(earners).filteredOn(e -> e.get("playerId").asText().equals(c)).singleElement()
                .satisfies(e -> assertThat(e.get("earned").asLong()).isEqualTo(10_000));
        assertThat(earners).filteredOn(e -> e.get("playerId").asText().equals(a)).singleElement().satisfies(e -> {
            assertThat(e.get("earned").asLong()).isEqualTo(1500);
            assertThat(e.get("conversions").asLong()).isEqualTo(2);
        });
        assertThat(earners).noneMatch(e -> e.get("playerId").asText().equals(b));
        assertThat(earners.stream().map(e -> e.get("to").asText()).distinct()).hasSize(1); // every page ranked one window
        assertRanked(earners, "earned");
    }

    @Test
    void refusalsAreProblemJsonAndChangeNothing() throws Exception {
        String analyst = TestApiKeys.create(commands, newPlayer(), TestApiKeys.GENEROUS_RATE, ApiScope.READ_ANALYTICS);
        String stats = TestApiKeys.create(commands, newPlayer(), TestApiKeys.GENEROUS_RATE, ApiScope.READ_STATS);

        for (String path : List.of("/treasury", "/treasury/top", "/conversions", "/revenue", "/top-earners", "/fraud",
                "/experiments/anything/results")) {
            HttpResponse<String> denied = get(stats, "/api/v1/analytics" + path, "application/json");
            assertThat(denied.statusCode()).as(path).isEqualTo(403);
            assertThat(JSON.readTree(denied.body()).get("code").asText()).isEqualTo("INSUFFICIENT_SCOPE");
            assertThat(get(null, "/api/v1/analytics" + path, "application/json").statusCode()).as(path).isEqualTo(401);
        }

        Map<String, String> bad = Map.of(
                "/conversions?from=2025-01-01&to=2026-02-01", "INVALID_ARGUMENT",    // more than 366 days
                "/revenue?from=2026-12-02&to=2026-12-01", "INVALID_ARGUMENT",        // from after to
                "/fraud?from=yesterday", "INVALID_ARGUMENT",                         // not ISO-8601
                "/top-earners?window=1y", "INVALID_ARGUMENT",
                "/treasury/top?limit=1001", "INVALID_LIMIT",
                "/conversions?cursor=bm90LWEtY3Vyc29y", "INVALID_CURSOR",
                "/top-earners?cursor=" + enc(cursorOf("1", "2026-12-01")), "INVALID_CURSOR"); // a cursor of another list
        for (Map.Entry<String, String> e : bad.entrySet()) {
            for (String accept : List.of("application/json", "text/csv")) {
                HttpResponse<String> refused = get(analyst, "/api/v1/analytics" + e.getKey(), accept);
                assertThat(refused.statusCode()).as(e.getKey() + " " + accept).isEqualTo(400);
                assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
                assertThat(JSON.readTree(refused.body()).get("code").asText()).as(e.getKey()).isEqualTo(e.getValue());
            }
        }
        HttpResponse<String> exact = get(analyst, "/api/v1/analytics/fraud?from=2025-12-01&to=2026-12-02", "application/json");
        assertThat(exact.statusCode()).as("366 days are allowed").isEqualTo(200);
    }

    @Test
    void experimentResultsAnswerTheQuerysJsonOrOneCsvRowPerVariant() throws Exception {
        String analyst = TestApiKeys.create(commands, newPlayer(), TestApiKeys.GENEROUS_RATE, ApiScope.READ_ANALYTICS);
        ExperimentKey key = ExperimentKey.of("analytics-" + UUID.randomUUID().toString().substring(0, 8));
        commands.sendAndWait(new CreateExperiment(key, "Banner colour", null, List.of(new VariantSpec("control", 1, null),
                new VariantSpec("green", 1, null)), "control", 100, ExperimentMetric.CONVERSION_RATE, null, Actor.admin("1")));

        for (String accept : List.of("*/*", "application/json")) {
            HttpResponse<String> json = get(analyst, "/api/v1/analytics/experiments/" + key.value() + "/results", accept);
            assertThat(json.statusCode()).as(accept).isEqualTo(200);
            JsonNode results = JSON.readTree(json.body());
            assertThat(results.get("key").asText()).isEqualTo(key.value());
            assertThat(results.get("variants")).extracting(v -> v.get("name").asText()).containsExactly("control", "green");
        }
        List<Map<String, String>> rows = csvRows(get(analyst, "/api/v1/analytics/experiments/" + key.value() + "/results", "text/csv").body());
        assertThat(rows).extracting(r -> r.get("variant")).containsExactly("control", "green");
        assertThat(rows).allSatisfy(r -> assertThat(r).containsEntry("experiment", key.value()).containsEntry("players", "0"));
        assertThat(rows.get(0)).containsEntry("control", "true");

        HttpResponse<String> unknown = get(analyst, "/api/v1/analytics/experiments/no-such-experiment/results", "text/csv");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void theOpenApiDocumentShowsEachReportsScopeAndExamples() throws Exception {
        JsonNode paths = JSON.readTree(get(null, "/v3/api-docs", "application/json").body()).get("paths");
        for (String path : List.of("/treasury", "/treasury/top", "/conversions", "/revenue", "/top-earners", "/fraud",
                "/experiments/{key}/results")) {
            JsonNode get = paths.path("/api/v1/analytics" + path).path("get");
            assertThat(get.isMissingNode()).as(path).isFalse();
            assertThat(get.get("security").toString()).as(path).contains("read:analytics");
            assertThat(get.path("responses").path("200").path("content").has("text/csv")).as(path).isTrue();
        }
        JsonNode conversions = paths.get("/api/v1/analytics/conversions").get("get");
        assertThat(conversions.get("responses").get("200").get("content").get("text/csv").toString()).contains("day,provider,type");
        assertThat(conversions.get("description").asText()).contains("366 days");
    }

    // --- helpers ------------------------------------------------------------------------------------

    private void callback(Map<String, String> params, String payoutUsd) throws Exception {
        params.put("payout_usd", payoutUsd);
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/callbacks/ayet?" + wire(params)))
                .header("X-Ayetstudios-Security-Hash", signatureOf(params, KEY)).GET());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    private void awaitStatus(String tx, String status) {
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            ConversionView view = queries.query(new FindConversion(ConversionId.ayet(tx)), ConversionView.class).join();
            assertThat(view).isNotNull();
            assertThat(view.status()).isEqualTo(status);
        });
    }

    private long balance(String player) {
        return queries.query(new FindAccountBalance(AccountId.user(player)), AccountBalance.class).join().balance().value();
    }

    private Map<String, Long> treasuryBalances(String key) throws Exception {
        HttpResponse<String> r = get(key, "/api/v1/analytics/treasury", "application/json");
        assertThat(r.statusCode()).isEqualTo(200);
        Map<String, Long> totals = new HashMap<>();
        for (JsonNode t : JSON.readTree(r.body())) {
            String kind = t.get("kind").asText();
            totals.put(kind + ".accounts", t.get("accounts").asLong());
            totals.put(kind + ".balance", t.get("balance").asLong());
            totals.put(kind + ".held", t.get("held").asLong());
        }
        assertThat(totals).containsKeys("USER.balance", "GUILD.balance");
        return totals;
    }

    /** Every item of a list, following the {@code Link: rel="next"} header page by page; pages agree with nextCursor. */
    private List<JsonNode> allPages(String key, String first) throws Exception {
        List<JsonNode> items = new ArrayList<>();
        String next = first;
        for (int pages = 0; next != null; pages++) {
            assertThat(pages).as("pages of " + first).isLessThan(1000);
            HttpResponse<String> r = get(key, next, "application/json");
            assertThat(r.statusCode()).as(next + ": " + r.body()).isEqualTo(200);
            JsonNode page = JSON.readTree(r.body());
            page.get("items").forEach(items::add);
            String cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
            String link = r.headers().firstValue("Link").orElse(null);
            if (cursor == null) {
                assertThat(link).isNull();
                next = null;
            } else {
                Matcher m = Pattern.compile("<http://[^/]+(/[^>]+)>; rel=\"next\"").matcher(link);
                assertThat(m.matches()).as(link).isTrue();
                next = m.group(1);
                assertThat(next).contains("cursor=" + cursor);
            }
        }
        return items;
    }

    /** Largest first, and a row's rank is 1 + the number of rows with more. */
    private static void assertRanked(List<JsonNode> rows, String field) {
        for (int i = 0; i < rows.size(); i++) {
            long value = rows.get(i).get(field).asLong();
            if (i > 0) {
                assertThat(value).isLessThanOrEqualTo(rows.get(i - 1).get(field).asLong());
            }
            long higher = rows.stream().filter(r -> r.get(field).asLong() > value).count();
            assertThat(rows.get(i).get("rank").asLong()).isEqualTo(higher + 1);
        }
        assertThat(rows.stream().map(JsonNode::toString).distinct()).hasSameSizeAs(rows);
    }

    private static BigDecimal sum(List<JsonNode> rows, String field) {
        return rows.stream().map(r -> new BigDecimal(r.get(field).asText())).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private static List<Map<String, String>> csvRows(String body) throws Exception {
        try (MappingIterator<Map<String, String>> rows = new CsvMapper().readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(body)) {
            return rows.readAll();
        }
    }

    private static String cursorOf(String... parts) {
        return java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("1\u001f" + String.join("\u001f", parts)).getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> get(String key, String path, String accept) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).header("Accept", accept).GET();
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return send(b);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
