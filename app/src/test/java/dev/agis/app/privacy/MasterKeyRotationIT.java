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
import dev.agis.domain.consent.ConsentPurpose;
import dev.agis.domain.consent.ConsentQueries.CurrentConsent;
import dev.agis.domain.consent.ConsentQueries.FindCurrentConsent;
import dev.agis.privacy.JdbcPlayerKeyStore;
import dev.agis.privacy.MasterKey;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.agis.app.cli.InProcessAgis.agis;
import static dev.agis.app.conversion.AyetCallbackFlowIT.conversion;
import static dev.agis.app.conversion.AyetCallbackFlowIT.newPlayer;
import static dev.agis.app.conversion.AyetCallbackFlowIT.newTx;
import static dev.agis.app.privacy.PrivacyErasureIT.callbackFrom;
import static dev.agis.app.privacy.PrivacyErasureIT.configuredMasterKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@code agis privacy rotate-master-key}: every data key re-wrapped from the old master key to the
 * new one; afterwards the old key is refused at start-up and the new one reads every event. The
 * test rotates back at the end, since the database is shared with the other tests of this JVM.
 */
class MasterKeyRotationIT extends AbstractIntegrationTest {

    @LocalServerPort
    int port;
    @Autowired
    CommandGateway commands;
    @Autowired
    QueryGateway queries;
    @Autowired
    DataSource dataSource;
    @Autowired
    JdbcClient jdbc;

    private final ObjectMapper json = new ObjectMapper();

    private static String randomKey() {
        return Base64.getEncoder().encodeToString(MasterKey.newAesKey().getEncoded());
    }

    private JdbcPlayerKeyStore storeWith(MasterKey key) {
        return new JdbcPlayerKeyStore(dataSource, key, Duration.ofMinutes(1), Clock.systemUTC());
    }

    /** The CLI as an operator runs it with {@code AGIS_MASTER_KEY} set to {@code masterKey}. */
    private static InProcessAgis.Run withMasterKey(String masterKey, String... args) {
        System.setProperty("agis.privacy.master-key", masterKey);
        try {
            return agis(args);
        } finally {
            System.clearProperty("agis.privacy.master-key");
        }
    }

    @Test
    void everyDataKeyIsRewrappedTheOldKeyIsRefusedAndTheNewOneReadsEveryEvent(@TempDir Path dir) throws Exception {
        String player = newPlayer();
        String secret = "IBEX-ROTATION-" + UUID.randomUUID();
        commands.sendAndWait(GrantConsent.of(PlayerId.of(player), ConsentPurpose.ADS, "2026-11", "api", Actor.user(player)));
        await().atMost(Duration.ofSeconds(15)).until(() -> queries.query(new FindCurrentConsent(PlayerId.of(player)),
                CurrentConsent.class).join().granted(ConsentPurpose.ADS));
        String tx = newTx();
        Map<String, String> params = conversion(tx, player, "75");
        params.put("custom_3", secret);
        assertThat(callbackFrom(port, "127.61.52.43", params)).contains("200");
        await().atMost(Duration.ofSeconds(15)).until(() -> queries.query(new FindAccountBalance(AccountId.user(player)),
                AccountBalance.class).join().balance().value() == 75);

        String oldKey = AbstractIntegrationTest.devMasterKey();
        String newKey = randomKey();
        Path newKeyFile = Files.writeString(dir.resolve("new-key"), newKey + "\n");
        Path oldKeyFile = Files.writeString(dir.resolve("old-key"), oldKey + "\n");
        List<String> keyIds = jdbc.sql("SELECT key_id::text FROM player_data_key").query(String.class).list();
        assertThat(keyIds).isNotEmpty();

        // refused: no new key, the same key, a key that is not 32 bytes; nothing changes
        InProcessAgis.Run noKey = agis("privacy", "rotate-master-key");
        assertThat(noKey.exit()).as(noKey.out() + noKey.err()).isEqualTo(2);
        assertThat(noKey.err()).contains("AGIS_NEW_MASTER_KEY");
        InProcessAgis.Run sameKey = agis("privacy", "rotate-master-key", "--new-key-file", oldKeyFile.toString());
        assertThat(sameKey.exit()).as(sameKey.out() + sameKey.err()).isEqualTo(2);
        assertThat(sameKey.err()).contains("the current one");
        Path shortKey = Files.writeString(dir.resolve("short-key"), Base64.getEncoder().encodeToString(new byte[16]));
        InProcessAgis.Run tooShort = agis("privacy", "rotate-master-key", "--new-key-file", shortKey.toString());
        assertThat(tooShort.exit()).as(tooShort.out() + tooShort.err()).isEqualTo(2);
        assertThat(tooShort.err()).contains("32 bytes");
        storeWith(configuredMasterKey()).verifyMasterKey();

        // a data key that does not unwrap stops the rotation before anything is written
        String broken = newPlayer();
        jdbc.sql("INSERT INTO player_data_key (key_id, player_id, wrapped_key, created_at) VALUES (:k, :p, :w, now())")
                .param("k", UUID.randomUUID()).param("p", broken).param("w", new byte[40]).update();
        byte[] wrappedBefore = jdbc.sql("SELECT wrapped_key FROM player_data_key WHERE key_id = :k::uuid")
                .param("k", keyIds.get(0)).query(byte[].class).single();
        try {
            InProcessAgis.Run refused = agis("privacy", "rotate-master-key", "--new-key-file", newKeyFile.toString());
            assertThat(refused.exit()).as(refused.out() + refused.err()).isEqualTo(3);
            assertThat(refused.err()).contains("does not unwrap with the current master key; nothing changed");
        } finally {
            jdbc.sql("DELETE FROM player_data_key WHERE player_id = :p").param("p", broken).update();
        }
        assertThat(jdbc.sql("SELECT wrapped_key FROM player_data_key WHERE key_id = :k::uuid").param("k", keyIds.get(0))
                .query(byte[].class).single()).isEqualTo(wrappedBefore);
        storeWith(configuredMasterKey()).verifyMasterKey();

        InProcessAgis.Run rotate = agis("privacy", "rotate-master-key", "--new-key-file", newKeyFile.toString(), "--operator", "dpo");
        assertThat(rotate.exit()).as(rotate.out() + rotate.err()).isZero();
        try {
            assertThat(rotate.out()).contains("Master key rotated: " + keyIds.size() + " player data keys re-wrapped")
                    .doesNotContain(newKey).doesNotContain(oldKey);
            assertThat(rotate.err()).doesNotContain(newKey).doesNotContain(oldKey);

            // the old key is refused at start-up, loudly; the new one opens every data key
            assertThatThrownBy(() -> storeWith(configuredMasterKey()).verifyMasterKey())
                    .hasMessageContaining("is not the master key");
            InProcessAgis.Run withOld = agis("audit", "history", "conversion:ayet:" + tx);
            assertThat(withOld.exit()).isEqualTo(3);
            assertThat(withOld.err()).contains("is not the master key");
            JdbcPlayerKeyStore rotated = storeWith(MasterKey.fromBase64(newKey));
            rotated.verifyMasterKey();
            for (String keyId : keyIds) {
                assertThat(rotated.keyById(keyId)).as("key " + keyId).isPresent();
            }
            InProcessAgis.Run history = withMasterKey(newKey, "audit", "history", "conversion:ayet:" + tx, "--format", "json");
            assertThat(history.exit()).as(history.err()).isZero();
            JsonNode details = json.readTree(history.out()).get(0).path("payload").path("details");
            assertThat(details.path("custom_3").asText()).isEqualTo(secret);
            assertThat(details.path("source_ip").asText()).isEqualTo("127.61.52.43");
            InProcessAgis.Run verify = withMasterKey(newKey, "audit", "verify");
            assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
        } finally {
            // back to the key the rest of this JVM's tests run with
            InProcessAgis.Run back = withMasterKey(newKey, "privacy", "rotate-master-key", "--new-key-file", oldKeyFile.toString());
            assertThat(back.exit()).as(back.out() + back.err()).isZero();
        }
        storeWith(configuredMasterKey()).verifyMasterKey();
        assertThat(storeWith(configuredMasterKey()).keyById(keyIds.get(0))).isPresent();
    }
}
