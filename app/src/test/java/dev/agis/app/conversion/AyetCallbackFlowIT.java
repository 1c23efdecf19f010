package dev.agis.app.conversion;

import dev.agis.app.AbstractIntegrationTest;
import dev.agis.domain.account.AccountId;
import dev.agis.domain.account.AccountQueries.AccountBalance;
import dev.agis.domain.account.AccountQueries.FindAccountBalance;
import dev.agis.domain.account.AccountQueries.FindAccountMovements;
import dev.agis.domain.account.AccountQueries.MovementPage;
import dev.agis.domain.account.MovementReason;
import dev.agis.domain.common.Actor;
import dev.agis.domain.common.Credits;
import dev.agis.domain.conversion.ConversionCommands.ApproveConversion;
import dev.agis.domain.conversion.ConversionId;
import dev.agis.domain.conversion.ConversionOutcome;
import dev.agis.domain.conversion.ConversionQueries.ConversionView;
import dev.agis.domain.conversion.ConversionQueries.FindConversion;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The ayeT callback end to end over real HTTP: signature → inbox → Conversion aggregate → reward
 * process → ledger. The answer comes once the callback is stored, so effects are awaited. Callbacks are signed here with a separate, minimal PHP-style encoder (not the production
 * code), keyed with the test API key from {@code config/application.yml}.
 */
public class AyetCallbackFlowIT extends AbstractIntegrationTest {

    public static final String KEY = "test-ayet-key";

    @LocalServerPort
    int port;
    @Autowired
    CommandGateway commands;
    @Autowired
    QueryGateway queries;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    private final HttpClient http = HttpClient.newHttpClient();

    // --- an independent signer: PHP urlencode + ksort(SORT_STRING) + http_build_query ---------------

    public static String php(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if ("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.".indexOf(c) >= 0) {
                sb.append(c);
            } else if (c == ' ') {
                sb.append('+');
            } else {
                sb.append(String.format("%%%02X", b & 0xFF));
            }
        }
        return sb.toString();
    }

    public static String hmac(String data, String key) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
    }

    /** ASCII keys only here, so TreeMap's order is byte order. */
    public static String signatureOf(Map<String, String> params, String key) throws Exception {
        StringBuilder canonical = new StringBuilder();
        new TreeMap<>(params).forEach((k, v) -> canonical.append(canonical.isEmpty() ? "" : "&").append(php(k)).append('=').append(php(v)));
        return hmac(canonical.toString(), key);
    }

    /** The wire form: ayeT may use %20 or + for a space; we send %20 to prove both decode the same. */
    public static String wire(Map<String, String> params) {
        StringBuilder q = new StringBuilder();
        params.forEach((k, v) -> q.append(q.isEmpty() ? "" : "&").append(php(k)).append('=').append(php(v).replace("+", "%20")));
        return q.toString();
    }

    HttpResponse<String> get(String rawQuery, String hash) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/callbacks/ayet"
                + (rawQuery == null ? "" : "?" + rawQuery))).timeout(Duration.ofSeconds(30)).GET();
        if (hash != null) {
            b.header("X-Ayetstudios-Security-Hash", hash);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> signed(Map<String, String> params) throws Exception {
        return get(wire(params), signatureOf(params, KEY));
    }

    public static String newPlayer() {
        return "9" + Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000_000_000L);
    }

    public static String newTx() {
        return UUID.randomUUID().toString().replace("-", "") + "abcd1234";
    }

    public static Map<String, String> conversion(String tx, String player, String amount) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("network", "ayetstudios");
        p.put("transaction_id", tx);
        p.put("external_identifier", player);
        p.put("currency_amount", amount);
        p.put("payout_usd", "0.36");
        p.put("is_chargeback", "0");
        return p;
    }

    long balanceOf(String player) {
        return queries.query(new FindAccountBalance(AccountId.user(player)), AccountBalance.class).join().balance().value();
    }

    long eventsOf(String aggregateId) {
        return jdbc.sql("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = :id").param("id", aggregateId)
                .query(Long.class).single();
    }

    @Test
    void anAwkwardlyEncodedSignedCallbackIsAcceptedAndCredited() throws Exception {
        String player = newPlayer();
        String tx = newTx();
        Map<String, String> p = conversion(tx, player, "360");
        p.put("offer_name", "A b*~!@+/:é — 🎮 & co");
        p.put("custom_1", "");
        p.put("custom_2", "x=y&z");
        p.put("placement_identifier", "deb88ed8abe52ab1f67a97068d88d9db");

        HttpResponse<String> r = signed(p);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body().trim()).isEqualTo("OK");
        await().atMost(Duration.ofSeconds(15)).until(() -> balanceOf(player) == 360);
        MovementPage page = queries.query(new FindAccountMovements(AccountId.user(player), null, 10), MovementPage.class).join();
        assertThat(page.movements()).singleElement().satisfies(m -> {
            assertThat(m.reason()).isEqualTo(MovementReason.AD_REWARD);
            assertThat(m.idempotencyKey()).isEqualTo("ayet:" + tx);
        });
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            ConversionView view = queries.query(new FindConversion(ConversionId.ayet(tx)), ConversionView.class).join();
            assertThat(view).isNotNull();
            assertThat(view.status()).isEqualTo("rewarded");
            assertThat(view.tier()).isEqualTo("free");
        });

        // a resend is acknowledged and changes nothing
        HttpResponse<String> again = signed(p);
        assertThat(again.statusCode()).isEqualTo(200);
        awaitInboxEmpty();
        assertThat(eventsOf("conversion:ayet:" + tx)).isEqualTo(1);
        assertThat(balanceOf(player)).isEqualTo(360);
    }

    @Test
    void anyChangeToAParameterOrTheKeyIsRefusedAndStoresNothing() throws Exception {
        String player = newPlayer();
        String tx = newTx();
        Map<String, String> p = conversion(tx, player, "100");
        String good = signatureOf(p, KEY);

        Map<String, String> tampered = new LinkedHashMap<>(p);
        tampered.put("currency_amount", "1000");
        assertThat(get(wire(tampered), good).statusCode()).isEqualTo(403);
        Map<String, String> extra = new LinkedHashMap<>(p);
        extra.put("custom_1", "");
        assertThat(get(wire(extra), good).statusCode()).isEqualTo(403);
        assertThat(get(wire(p), signatureOf(p, KEY + "x")).statusCode()).isEqualTo(403);
        assertThat(get(wire(p), null).statusCode()).isEqualTo(403);
        assertThat(get(wire(p), "").statusCode()).isEqualTo(403);
        HttpResponse<String> r = get(wire(p), "zz" + good.substring(2));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).doesNotContain(KEY).doesNotContain(good);

        assertThat(storedInInbox(tx)).isZero();
        awaitInboxEmpty();
        assertThat(eventsOf("conversion:ayet:" + tx)).isZero();
        assertThat(eventsOf(AccountId.user(player).value())).isZero();
    }

    @Test
    void malformedOversizedAndGarbageCallbacksAre400NeverServerErrorsAndStoreNothing() throws Exception {
        String player = newPlayer();
        String tx = newTx();
        List<Map<String, String>> bad = new ArrayList<>();
        Map<String, String> noTx = conversion(tx, player, "10");
        noTx.remove("transaction_id");
        bad.add(noTx);
        Map<String, String> noPlayer = conversion(tx, player, "10");
        noPlayer.remove("external_identifier");
        bad.add(noPlayer);
        for (String amount : new String[]{"abc", "NaN", "Infinity", "1e400", "", "10,5", "0x10", "99999999999999999999", "-5"}) {
            bad.add(conversion(tx, player, amount));
        }
        Map<String, String> noAmount = conversion(tx, player, "10");
        noAmount.remove("currency_amount");
        bad.add(noAmount);
        bad.add(conversion(tx, "has spaces", "10"));
        bad.add(conversion("tx with spaces", player, "10"));
        bad.add(conversion("x".repeat(300), player, "10"));
        Map<String, String> longValue = conversion(tx, player, "10");
        longValue.put("offer_name", "o".repeat(600));
        bad.add(longValue);
        Map<String, String> badChargeback = conversion(tx, player, "10");
        badChargeback.put("is_chargeback", "yes");
        bad.add(badChargeback);
        Map<String, String> positiveReversal = conversion("r-" + tx, player, "10");
        positiveReversal.put("is_chargeback", "1");
        bad.add(positiveReversal);

        for (Map<String, String> p : bad) {
            HttpResponse<String> r = signed(p);
            assertThat(r.statusCode()).as("%s", p).isEqualTo(400);
            assertThat(r.body()).startsWith("bad request");
        }
        // not even decodable: 400 before anything else
        for (String raw : new String[]{"a=%zz", "transaction_id=%E0%A4", "a=%", "x=" + "y".repeat(5000), "a=\u00e9"}) {
            assertThat(rawStatus("/callbacks/ayet?" + raw)).as(raw).isEqualTo(400);
        }
        // unsigned garbage is simply forbidden
        assertThat(get("%3Cscript%3E=1&&&==", null).statusCode()).isEqualTo(403);
        assertThat(rawStatus("/callbacks/ayet?<script>=1&&&==")).isEqualTo(400);
        assertThat(get(null, null).statusCode()).isEqualTo(403);

        assertThat(storedInInbox(tx)).isZero();
        awaitInboxEmpty();
        assertThat(eventsOf("conversion:ayet:" + tx)).isZero();
        assertThat(eventsOf(AccountId.user(player).value())).isZero();
    }

    @Test
    void fiftyConcurrentDeliveriesOfTheSameTransactionCreditOnce() throws Exception {
        String player = newPlayer();
        String tx = newTx();
        Map<String, String> p = conversion(tx, player, "77");
        ExecutorService pool = Executors.newFixedThreadPool(50);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> results = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            results.add(pool.submit(() -> {
                start.await();
                return signed(p);
            }));
        }
        start.countDown();
        int ok = 0;
        int firsts = 0;
        for (Future<HttpResponse<String>> f : results) {
            HttpResponse<String> r = f.get();
            ok += r.statusCode() == 200 ? 1 : 0;
            firsts += r.body().trim().equals("OK") ? 1 : 0;
        }
        pool.shutdown();

        assertThat(ok).isEqualTo(50);
        // one stores it; a delivery that arrives after a worker took the row stores it again, and the
        // Conversion aggregate answers that repeat with DUPLICATE
        assertThat(firsts).isGreaterThanOrEqualTo(1);
        await().atMost(Duration.ofSeconds(15)).until(() -> balanceOf(player) == 77);
        Thread.sleep(500); // a second credit, if there were one, would have arrived by now
        assertThat(balanceOf(player)).isEqualTo(77);
        assertThat(jdbc.sql("SELECT count(*) FROM ledger_key WHERE account_id = :a").param("a", AccountId.user(player).value())
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void aReversalDebitsExactlyWhatWasCreditedOnce() throws Exception {
        String player = newPlayer();
        String tx = newTx();
        assertThat(signed(conversion(tx, player, "150.75")).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(15)).until(() -> balanceOf(player) == 150);

        Map<String, String> reversal = conversion("r-" + tx, player, "-150.75");
        reversal.put("is_chargeback", "1");
        reversal.put("chargeback_reason", "Fraud: duplicate device");
        reversal.put("payout_usd", "-0.15");
        assertThat(signed(reversal).statusCode()).isEqualTo(200);
        assertThat(signed(reversal).statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(15)).until(() -> balanceOf(player) == 0);
        MovementPage page = queries.query(new FindAccountMovements(AccountId.user(player), null, 10), MovementPage.class).join();
        assertThat(page.movements()).hasSize(2);
        assertThat(page.movements().get(0).reason()).isEqualTo(MovementReason.CHARGEBACK);
        assertThat(page.movements().get(0).amount()).isEqualTo(Credits.of(150));
        assertThat(page.movements().get(0).idempotencyKey()).isEqualTo("ayet:r-" + tx);
    }

    @Test
    void aReversalBeforeItsConversionCreatesNoMoney() throws Exception {
        String player = newPlayer();
        String tx = newTx();
        Map<String, String> reversal = conversion("r-" + tx, player, "-40");
        reversal.put("is_chargeback", "1");
        assertThat(signed(reversal).statusCode()).isEqualTo(200);
        HttpResponse<String> late = signed(conversion(tx, player, "40"));
        assertThat(late.statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            ConversionView view = queries.query(new FindConversion(ConversionId.ayet(tx)), ConversionView.class).join();
            assertThat(view).isNotNull();
            assertThat(view.status()).isEqualTo("reversed");
            assertThat(view.recordedAt()).isNotNull();
        });
        assertThat(balanceOf(player)).isZero();
        assertThat(eventsOf(AccountId.user(player).value())).isZero();
    }

    @Test
    void aFlaggedConversionCreditsNothingUntilApprovedAndApprovalCreditsOnce() throws Exception {
        String player = newPlayer();
        String tx = newTx();
        HttpResponse<String> r = signed(conversion(tx, player, "25000"));
        assertThat(r.statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            ConversionView view = queries.query(new FindConversion(ConversionId.ayet(tx)), ConversionView.class).join();
            assertThat(view).isNotNull();
            assertThat(view.status()).isEqualTo("flagged");
            assertThat(view.flagReasons()).containsExactly("amount_over_cap");
        });
        assertThat(balanceOf(player)).isZero();

        ConversionOutcome approved = commands.sendAndWait(new ApproveConversion(ConversionId.ayet(tx), Actor.admin("1"), "verified with ayeT"));
        ConversionOutcome again = commands.sendAndWait(new ApproveConversion(ConversionId.ayet(tx), Actor.admin("1"), "twice"));
        assertThat(approved.status()).isEqualTo(ConversionOutcome.Status.APPROVED);
        assertThat(again.status()).isEqualTo(ConversionOutcome.Status.DUPLICATE);

        await().atMost(Duration.ofSeconds(15)).until(() -> balanceOf(player) == 10_000); // capped
        Thread.sleep(300);
        assertThat(balanceOf(player)).isEqualTo(10_000);
    }

    @Test
    void thePlayersEleventhConversionWithinAnHourIsFlaggedByVelocity() throws Exception {
        String player = newPlayer();
        for (int i = 0; i < 10; i++) {
            assertThat(signed(conversion(newTx(), player, "10")).body().trim()).isEqualTo("OK");
        }
        String eleventh = newTx();
        HttpResponse<String> r = signed(conversion(eleventh, player, "10"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body().trim()).isEqualTo("OK");
        await().atMost(Duration.ofSeconds(15)).until(() -> balanceOf(player) == 100);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            // the conversions projection may still be behind the ledger's
            ConversionView view = queries.query(new FindConversion(ConversionId.ayet(eleventh)), ConversionView.class).join();
            assertThat(view).isNotNull();
            assertThat(view.flagReasons()).containsExactly("excessive_velocity");
        });
    }

    long storedInInbox(String tx) {
        return jdbc.sql("SELECT count(*) FROM ayet_callback_inbox WHERE transaction_id = :tx").param("tx", tx).query(Long.class).single();
    }

    /** Waits until the workers have handled every stored callback. */
    void awaitInboxEmpty() {
        await().atMost(Duration.ofSeconds(15))
                .until(() -> jdbc.sql("SELECT count(*) FROM ayet_callback_inbox").query(Long.class).single() == 0);
    }

    /** The count of every counter of that name carrying that tag (summed over its other tags). */
    private double total(String name, String tag, String value) {
        double sum = 0;
        for (io.micrometer.core.instrument.Counter c : meters.find(name).tag(tag, value).counters()) {
            sum += c.count();
        }
        return sum;
    }

    /** Spring Boot tests switch the Prometheus endpoint off; the meters are checked in the registry (names map 1:1). */
    @Test
    void callbacksTickTheMetricsDashboardsUse() throws Exception {
        double before = total("agis.ad.conversions", "status", "rewarded");
        double forbiddenBefore = total("agis.ad.fraud.attempts", "reason", "invalid_signature");
        Map<String, String> p = conversion(newTx(), newPlayer(), "5");
        assertThat(signed(p).statusCode()).isEqualTo(200);
        assertThat(get(wire(p), "bad").statusCode()).isEqualTo(403);

        await().atMost(Duration.ofSeconds(15)).until(() -> total("agis.ad.conversions", "status", "rewarded") == before + 1);
        assertThat(total("agis.ad.fraud.attempts", "reason", "invalid_signature")).isEqualTo(forbiddenBefore + 1);
        assertThat(meters.find("agis.ad.callback.latency").tag("provider", "ayet").timers()).isNotEmpty();
        assertThat(meters.find("agis.ad.conversions.by.tier").tag("tier", "free").counter()).isNotNull();
        await().atMost(Duration.ofSeconds(10)).until(() -> meters.find("agis.ad.rewards").counter() != null);
    }

    /** Sends a request line byte for byte, for targets java.net.URI refuses to build. */
    int rawStatus(String target) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                    + "X-Ayetstudios-Security-Hash: 00\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            String statusLine = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1)).readLine();
            return Integer.parseInt(statusLine.split(" ")[1]);
        }
    }
}
