package dev.agis.app.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agis.app.AbstractIntegrationTest;
import dev.agis.app.cli.InProcessAgis;
import dev.agis.domain.account.AccountId;
import dev.agis.domain.account.AccountQueries.AccountBalance;
import dev.agis.domain.account.AccountQueries.FindAccountBalance;
import dev.agis.domain.common.Actor;
import dev.agis.domain.common.PlayerId;
import dev.agis.domain.consent.ConsentCommands.GrantConsent;
import dev.agis.domain.consent.ConsentCommands.WithdrawConsent;
import dev.agis.domain.consent.ConsentPurpose;
import dev.agis.domain.consent.ConsentQueries.CurrentConsent;
import dev.agis.domain.consent.ConsentQueries.FindCurrentConsent;
import dev.agis.domain.privacy.PersonalData;
import dev.agis.privacy.JdbcPlayerKeyStore;
import dev.agis.privacy.MasterKey;
import dev.agis.privacy.PlayerKeys;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.agis.app.cli.InProcessAgis.agis;
import static dev.agis.app.conversion.AyetCallbackFlowIT.KEY;
import static dev.agis.app.conversion.AyetCallbackFlowIT.conversion;
import static dev.agis.app.conversion.AyetCallbackFlowIT.newPlayer;
import static dev.agis.app.conversion.AyetCallbackFlowIT.newTx;
import static dev.agis.app.conversion.AyetCallbackFlowIT.signatureOf;
import static dev.agis.app.conversion.AyetCallbackFlowIT.wire;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SPEC §2.8 end to end: consent, a callback whose free text and source address are personal data,
 * export, erasure. Checked against every column of every table (nothing personal in plaintext,
 * ever), and through the operator's tools: audit history, export, replay, ledger verification.
 */
class PrivacyErasureIT extends AbstractIntegrationTest {

    @LocalServerPort
    int port;
    @Autowired
    CommandGateway commands;
    @Autowired
    QueryGateway queries;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    DataSource dataSource;
    @Autowired
    EventProcessingConfiguration processing;
    @Autowired
    JdbcPlayerKeyStore keys;

    private final ObjectMapper json = new ObjectMapper();

    private CurrentConsent consentOf(String player) {
        return queries.query(new FindCurrentConsent(PlayerId.of(player)), CurrentConsent.class).join();
    }

    private long balanceOf(String player) {
        return queries.query(new FindAccountBalance(AccountId.user(player)), AccountBalance.class).join().balance().value();
    }

    /**
     * A signed callback over a socket bound to {@code sourceAddress} (any 127/8 address is local),
     * so the source address the controller records is one no other row of the database holds.
     */
    private String callbackFrom(String sourceAddress, Map<String, String> params) throws Exception {
        return callbackFrom(port, sourceAddress, params);
    }

    static String callbackFrom(int port, String sourceAddress, Map<String, String> params) throws Exception {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(sourceAddress, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /callbacks/ayet?" + wire(params) + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                    + "X-Ayetstudios-Security-Hash: " + signatureOf(params, KEY) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            return in.readLine(); // the status line
        }
    }

    /** Every table and column of the schema where {@code secret} occurs: text, JSON or bytes (events are bytea). */
    private List<String> placesHolding(String secret) {
        return placesHolding(jdbc, secret);
    }

    static List<String> placesHolding(JdbcClient jdbc, String secret) {
        List<Map<String, Object>> columns = jdbc.sql("""
                SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c
                JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
                WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'""").query().listOfRows();
        List<String> found = new ArrayList<>();
        for (Map<String, Object> c : columns) {
            String column = "\"" + c.get("column_name") + "\"";
            String condition = "bytea".equals(c.get("data_type"))
                    ? "position(convert_to(:s, 'UTF8') in " + column + ") > 0"
                    : "strpos(" + column + "::text, :s) > 0";
            long rows = jdbc.sql("SELECT count(*) FROM \"" + c.get("table_name") + "\" WHERE " + condition)
                    .param("s", secret).query(Long.class).single();
            if (rows > 0) {
                found.add(c.get("table_name") + "." + c.get("column_name"));
            }
        }
        return found;
    }

    @Test
    void consentIsRecordedWithItsHistoryAndQueriedPerPurpose() {
        String player = newPlayer();
        Actor actor = Actor.user(player);
        assertThat(consentOf(player).purposes()).hasSize(3).noneMatch(dev.agis.domain.consent.ConsentQueries.PurposeConsent::granted);

        commands.sendAndWait(GrantConsent.of(PlayerId.of(player), ConsentPurpose.ANALYTICS, "2026-11", "discord", actor));
        commands.sendAndWait(GrantConsent.of(PlayerId.of(player), ConsentPurpose.NOTIFICATIONS, "2026-11", "api", actor));
        commands.sendAndWait(WithdrawConsent.of(PlayerId.of(player), ConsentPurpose.NOTIFICATIONS, "discord", actor));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            CurrentConsent now = consentOf(player);
            assertThat(now.granted(ConsentPurpose.ANALYTICS)).isTrue();
            assertThat(now.granted(ConsentPurpose.NOTIFICATIONS)).isFalse();
            assertThat(now.purposes()).filteredOn(p -> p.purpose() == ConsentPurpose.NOTIFICATIONS).singleElement()
                    .satisfies(p -> assertThat(p.channel()).isEqualTo("discord"));
            assertThat(now.granted(ConsentPurpose.ADS)).isFalse();
        });

        InProcessAgis.Run history = agis("audit", "history", "consent:" + player + ":notifications", "--format", "json");
        assertThat(history.exit()).as(history.err()).isZero();
        assertThat(history.out()).contains("ConsentGranted", "ConsentWithdrawn", "\"policyVersion\" : \"2026-11\"");
    }

    @Test
    void withoutAdsConsentNothingPersonalIsKeptFromACallback() throws Exception {
        String player = newPlayer();
        String secret = "ZEBRA-UNCONSENTED-" + UUID.randomUUID();
        Map<String, String> params = conversion(newTx(), player, "100");
        params.put("custom_1", secret);
        assertThat(callbackFrom("127.31.41.59", params)).contains("200");
        await().atMost(Duration.ofSeconds(15)).until(() -> balanceOf(player) == 100);

        assertThat(placesHolding(secret)).isEmpty();
        InProcessAgis.Run export = agis("privacy", "export", player);
        assertThat(export.exit()).as(export.err()).isZero();
        assertThat(export.out()).doesNotContain(secret).doesNotContain("127.31.41.59").contains("\"payout_usd\" : \"0.36\"");
    }

    @Test
    void anErasedPlayersFreeTextAndAddressAreGoneEverywhereWhileTheBooksStillAddUp() throws Exception {
        String player = newPlayer();
        String secret = "ZEBRA-SECRET-TEXT-" + UUID.randomUUID();
        String address = "127.87.65.43";
        commands.sendAndWait(GrantConsent.of(PlayerId.of(player), ConsentPurpose.ADS, "2026-11", "discord", Actor.user(player)));
        await().atMost(Duration.ofSeconds(15)).until(() -> consentOf(player).granted(ConsentPurpose.ADS));

        String tx = newTx();
        Map<String, String> params = conversion(tx, player, "250");
        params.put("custom_1", secret);
        params.put("offer_name", "Zebra Quest");
        assertThat(callbackFrom(address, params)).contains("200");
        await().atMost(Duration.ofSeconds(15)).until(() -> balanceOf(player) == 250);
        String conversionId = "conversion:ayet:" + tx;

        // recorded, but never in plaintext: the event holds envelopes
        assertThat(placesHolding(secret)).isEmpty();
        assertThat(placesHolding(address)).isEmpty();
        InProcessAgis.Run before = agis("audit", "history", conversionId, "--format", "json");
        assertThat(before.exit()).as(before.err()).isZero();
        JsonNode details = json.readTree(before.out()).get(0).path("payload").path("details");
        assertThat(details.path("custom_1").asText()).isEqualTo(secret);
        assertThat(details.path("source_ip").asText()).isEqualTo(address);
        assertThat(details.path("offer_name").asText()).isEqualTo("Zebra Quest");

        InProcessAgis.Run export = agis("privacy", "export", player);
        assertThat(export.exit()).as(export.err()).isZero();
        JsonNode doc = json.readTree(export.out());
        assertThat(doc.path("player").asText()).isEqualTo(player);
        assertThat(export.out()).contains(secret, address);
        assertThat(doc.path("consentHistory").get(0).path("purpose").asText()).isEqualTo("ads");
        assertThat(doc.path("readModels").has("player_consent")).isTrue();
        assertThat(doc.path("readModels").has("conversion_view")).isTrue();
        assertThat(doc.path("readModels").has("account_balance")).isTrue();

        // erase: refused without confirmation, then with --yes
        InProcessAgis.Run unconfirmed = withStdin("not the id\n", () -> agis("privacy", "erase", player));
        assertThat(unconfirmed.exit()).isEqualTo(1);
        assertThat(unconfirmed.out()).isEmpty();
        InProcessAgis.Run erase = agis("privacy", "erase", player, "--yes", "--operator", "dpo");
        assertThat(erase.exit()).as(erase.err()).isZero();
        assertThat(erase.out()).contains("Erased the personal data of player " + player);
        assertThat(jdbc.sql("SELECT count(*) FROM player_data_key WHERE player_id = :p").param("p", player).query(Long.class).single())
                .isZero();
        JdbcPlayerKeyStore fresh = new JdbcPlayerKeyStore(dataSource, configuredMasterKey(), Duration.ofMinutes(1), Clock.systemUTC());
        assertThat(fresh.erased(player)).as("noted, so values stored before encryption read as erased too").isTrue();
        assertThat(fresh.erased(newPlayer())).isFalse();

        InProcessAgis.Run after = agis("audit", "history", conversionId, "--format", "json");
        assertThat(after.exit()).as(after.err()).isZero();
        JsonNode erased = json.readTree(after.out()).get(0).path("payload");
        assertThat(erased.path("details").path("custom_1").asText()).isEqualTo(PersonalData.ERASED);
        assertThat(erased.path("details").path("source_ip").asText()).isEqualTo(PersonalData.ERASED);
        assertThat(erased.path("details").path("offer_name").asText()).isEqualTo(PersonalData.ERASED);
        assertThat(erased.path("details").path("payout_usd").asText()).isEqualTo("0.36");
        assertThat(erased.path("reward").asLong()).isEqualTo(250);
        assertThat(erased.path("currencyAmount").asText()).isEqualTo("250");
        assertThat(after.out()).doesNotContain(secret).doesNotContain(address);

        // idempotent: a repeat is recorded and changes nothing else
        assertThat(agis("privacy", "erase", player, "--yes", "--format", "json").exit()).isZero();
        InProcessAgis.Run exportAfter = agis("privacy", "export", player);
        assertThat(exportAfter.exit()).as(exportAfter.err()).isZero();
        assertThat(exportAfter.out()).doesNotContain(secret).doesNotContain(address).contains(PersonalData.ERASED);
        JsonNode docAfter = json.readTree(exportAfter.out());
        assertThat(docAfter.path("erasures")).hasSize(2);
        assertThat(docAfter.path("erasures").get(0).path("actor").asText()).isEqualTo("operator:dpo");
        assertThat(docAfter.path("personalData").asText()).startsWith("no data key");

        // a rebuild of every projection keeps the erased state, and the ledger still verifies
        List<EventProcessor> projections = processing.eventProcessors().values().stream()
                .filter(p -> p instanceof StreamingEventProcessor).toList();
        projections.forEach(EventProcessor::shutDown);
        try {
            InProcessAgis.Run replay = agis("replay", "--all", "--no-progress");
            assertThat(replay.exit()).as(replay.out() + replay.err()).isZero();
            assertThat(replay.out()).contains("OK:");
        } finally {
            projections.forEach(EventProcessor::start);
        }
        InProcessAgis.Run afterReplay = agis("audit", "history", conversionId, "--format", "json");
        assertThat(json.readTree(afterReplay.out()).get(0).path("payload").path("details").path("custom_1").asText())
                .isEqualTo(PersonalData.ERASED);
        InProcessAgis.Run verify = agis("audit", "verify");
        assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
        assertThat(balanceOf(player)).isEqualTo(250);
        assertThat(placesHolding(secret)).isEmpty();
        assertThat(placesHolding(address)).isEmpty();
        assertThat(placesHolding("Zebra Quest")).isEmpty();
    }

    @Test
    void anotherMasterKeyIsRefusedAtStartUp() {
        // the first data key of a database stores the master key's check value
        keys.keyForPlayer(newPlayer());
        JdbcPlayerKeyStore other = new JdbcPlayerKeyStore(dataSource, new MasterKey(MasterKey.newAesKey().getEncoded()),
                Duration.ofMinutes(1), Clock.systemUTC());
        org.assertj.core.api.Assertions.assertThatThrownBy(other::verifyMasterKey)
                .hasMessageContaining("is not the master key this database's player data keys were wrapped with");

        String wrong = java.util.Base64.getEncoder().encodeToString(MasterKey.newAesKey().getEncoded());
        System.setProperty("agis.privacy.master-key", wrong);
        try {
            InProcessAgis.Run audit = agis("audit", "history", "account:user:1");
            assertThat(audit.exit()).isEqualTo(3);
            assertThat(audit.err()).contains("is not the master key");
        } finally {
            System.clearProperty("agis.privacy.master-key");
        }
    }

    @Test
    void concurrentFirstUsesOfAPlayersKeyAgreeOnOneKey() throws Exception {
        String player = newPlayer();
        List<java.util.concurrent.Future<PlayerKeys.DataKey>> created = new ArrayList<>();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            for (int i = 0; i < 4; i++) {
                // separate stores: separate caches, as separate instances would have
                JdbcPlayerKeyStore store = new JdbcPlayerKeyStore(dataSource, configuredMasterKey(), Duration.ofMinutes(1), Clock.systemUTC());
                created.add(pool.submit(() -> store.keyForPlayer(player)));
            }
            List<String> ids = new ArrayList<>();
            for (java.util.concurrent.Future<PlayerKeys.DataKey> f : created) {
                ids.add(f.get().keyId());
            }
            assertThat(ids).containsOnly(ids.get(0));
            assertThat(keys.keyById(ids.get(0))).isPresent();
        } finally {
            pool.shutdownNow();
        }
    }

    /** The master key the application runs with: the development key next to the test's embedded data. */
    static MasterKey configuredMasterKey() throws Exception {
        java.nio.file.Path file = java.nio.file.Path.of(System.getProperty("agis.db.embedded.data-dir")).toAbsolutePath()
                .resolveSibling(PrivacyStorageConfiguration.DEV_KEY_FILE);
        return MasterKey.fromBase64(java.nio.file.Files.readString(file));
    }

    @Test
    void aMalformedPlayerIdIsBadUsage() {
        assertThat(agis("privacy", "export", "not an id!").exit()).isEqualTo(2);
        assertThat(agis("privacy", "erase", "not an id!", "--yes").exit()).isEqualTo(2);
    }

    private interface Command {
        InProcessAgis.Run run();
    }

    private static InProcessAgis.Run withStdin(String input, Command command) {
        java.io.InputStream original = System.in;
        System.setIn(new java.io.ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
        try {
            return command.run();
        } finally {
            System.setIn(original);
        }
    }
}
