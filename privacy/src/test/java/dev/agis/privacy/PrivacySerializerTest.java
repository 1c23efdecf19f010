package dev.agis.privacy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.agis.domain.account.AccountEvents.AccountCredited;
import dev.agis.domain.common.Credits;
import dev.agis.domain.common.PlayerId;
import dev.agis.domain.conversion.ConversionEvents.ConversionReversed;
import dev.agis.domain.conversion.ConversionEvents.ConversionRewarded;
import dev.agis.domain.conversion.ConversionId;
import dev.agis.domain.conversion.RewardFactors;
import dev.agis.domain.privacy.DataSubject;
import dev.agis.domain.privacy.PersonalData;
import org.junit.jupiter.api.Test;

import javax.crypto.SecretKey;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The serializer-level mechanism on the store's own mapper settings: annotated fields are stored
 * encrypted and read back, read as erased without their key, old plaintext still reads, and
 * messages without personal data are written exactly as before.
 */
class PrivacySerializerTest {

    /** Keys in a map, as the database would hold them (erase = remove). */
    static final class MapKeys implements PlayerKeys {
        final Map<String, DataKey> byPlayer = new ConcurrentHashMap<>();
        final Map<String, SecretKey> byId = new ConcurrentHashMap<>();
        final java.util.Set<String> erased = ConcurrentHashMap.newKeySet();
        final java.util.concurrent.atomic.AtomicInteger erasedAsked = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public DataKey keyForPlayer(String playerId) {
            return byPlayer.computeIfAbsent(playerId, p -> {
                DataKey k = new DataKey(UUID.randomUUID().toString(), MasterKey.newAesKey());
                byId.put(k.keyId(), k.key());
                return k;
            });
        }

        @Override
        public Optional<SecretKey> keyById(String keyId) {
            return Optional.ofNullable(byId.get(keyId));
        }

        @Override
        public boolean erased(String playerId) {
            erasedAsked.incrementAndGet();
            return erased.contains(playerId);
        }

        void erase(String playerId) {
            erased.add(playerId);
            DataKey k = byPlayer.remove(playerId);
            if (k != null) {
                byId.remove(k.keyId());
            }
        }
    }

    record NoSubject(String id, @PersonalData String name) {
    }

    record NamedSubject(@DataSubject String discordId, PlayerId invitedBy, @PersonalData String userName) {
    }

    private final MapKeys keys = new MapKeys();
    private final ObjectMapper store = mapper().registerModule(PersonalDataModule.of(new PersonalDataCodec(keys)));
    private final ObjectMapper plain = mapper();

    /** The settings of AxonStorageConfiguration's mapper. */
    private static ObjectMapper mapper() {
        return new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    private static ConversionRewarded rewarded(String player, Map<String, String> details) {
        return new ConversionRewarded(ConversionId.ayet("tx-1"), "tx-1", PlayerId.of(player), "offerwall", new BigDecimal("12.5"),
                RewardFactors.NONE, Credits.of(12), false, details, Instant.parse("2026-12-01T10:00:00Z"));
    }

    private static Map<String, String> details() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("custom_1", "ZEBRA-SECRET-TEXT");
        d.put("source_ip", "203.0.113.77");
        d.put("offer_id", "offer-9");
        d.put("payout_usd", "0.12");
        return d;
    }

    @Test
    void personalFieldsAreStoredEncryptedAndReadBack() throws Exception {
        ConversionRewarded event = rewarded("1001", details());
        String stored = store.writeValueAsString(event);

        assertThat(stored).doesNotContain("ZEBRA-SECRET-TEXT").doesNotContain("203.0.113.77")
                .contains("\"offer_id\":\"offer-9\"").contains("\"payout_usd\":\"0.12\"").contains("\"playerId\":\"1001\"");
        JsonNode custom = plain.readTree(stored).path("details").path("custom_1");
        assertThat(custom.path("enc").asText()).isEqualTo("v1");
        assertThat(custom.path("kid").asText()).isEqualTo(keys.keyForPlayer("1001").keyId());
        assertThat(store.readValue(stored, ConversionRewarded.class)).isEqualTo(event);
        assertThat(keys.erasedAsked).as("encrypted events never ask the erased-players table").hasValue(0);
    }

    @Test
    void withoutTheKeyPersonalFieldsReadAsErasedAndTheRestStays() throws Exception {
        String stored = store.writeValueAsString(rewarded("1002", details()));
        ConversionReversed reversal = new ConversionReversed(ConversionId.ayet("tx-2"), "r-tx-2", PlayerId.of("1002"),
                new BigDecimal("-12.5"), Credits.of(12), true, "fraud by ZEBRA", Map.of("custom_2", "ZEBRA"), Instant.EPOCH);
        String storedReversal = store.writeValueAsString(reversal);
        keys.erase("1002");

        ConversionRewarded read = store.readValue(stored, ConversionRewarded.class);
        assertThat(read.details()).containsEntry("custom_1", PersonalData.ERASED).containsEntry("source_ip", PersonalData.ERASED)
                .containsEntry("offer_id", "offer-9").containsEntry("payout_usd", "0.12");
        assertThat(read.reward()).isEqualTo(Credits.of(12));
        assertThat(read.playerId()).isEqualTo(PlayerId.of("1002"));
        ConversionReversed readReversal = store.readValue(storedReversal, ConversionReversed.class);
        assertThat(readReversal.reason()).isEqualTo(PersonalData.ERASED);
        assertThat(readReversal.details()).containsEntry("custom_2", PersonalData.ERASED);
        assertThat(readReversal.debit()).isEqualTo(Credits.of(12));
    }

    @Test
    void eventsStoredBeforeEncryptionStillRead() throws Exception {
        ConversionRewarded event = rewarded("1003", details());
        String old = plain.writeValueAsString(event);
        assertThat(store.readValue(old, ConversionRewarded.class)).isEqualTo(event);
    }

    @Test
    void anErasedPlayersValuesStoredBeforeEncryptionReadAsErasedToo() throws Exception {
        String old = plain.writeValueAsString(rewarded("1008", details()));
        keys.erase("1008");
        ConversionRewarded read = store.readValue(old, ConversionRewarded.class);
        assertThat(read.details()).containsEntry("custom_1", PersonalData.ERASED).containsEntry("source_ip", PersonalData.ERASED)
                .containsEntry("offer_id", "offer-9").containsEntry("payout_usd", "0.12");
        assertThat(store.readValue(plain.writeValueAsString(new ConversionReversed(ConversionId.ayet("tx-3"), "r-tx-3",
                PlayerId.of("1008"), new BigDecimal("-1"), Credits.of(1), true, "Zebra", Map.of(), Instant.EPOCH)),
                ConversionReversed.class).reason()).isEqualTo(PersonalData.ERASED);
    }

    @Test
    void messagesWithoutPersonalDataAreWrittenAsBefore() throws Exception {
        AccountCredited credited = new AccountCredited(dev.agis.domain.account.AccountId.of("account:user:1004"), Credits.of(5),
                Credits.of(5), Credits.of(0), dev.agis.domain.account.MovementReason.AD_REWARD, "k-1",
                dev.agis.domain.common.Actor.system("test"), "conversion:ayet:tx-1", Instant.EPOCH);
        assertThat(store.writeValueAsString(credited)).isEqualTo(plain.writeValueAsString(credited));
        assertThat(keys.byPlayer).isEmpty();
    }

    @Test
    void aChangedCiphertextFailsInsteadOfReadingGarbage() throws Exception {
        ObjectNode stored = (ObjectNode) plain.readTree(store.writeValueAsString(rewarded("1005", details())));
        ObjectNode custom = (ObjectNode) stored.path("details").path("custom_1");
        byte[] ct = Base64.getDecoder().decode(custom.get("ct").asText());
        ct[ct.length - 1] ^= 1;
        custom.put("ct", Base64.getEncoder().encodeToString(ct));
        assertThatThrownBy(() -> store.readValue(stored.toString(), ConversionRewarded.class))
                .isInstanceOf(Aead.TamperedException.class);
    }

    @Test
    void aCiphertextMovedToAnotherPlayersKeyDoesNotOpen() throws Exception {
        ObjectNode mine = (ObjectNode) plain.readTree(store.writeValueAsString(rewarded("1006", details())));
        ObjectNode theirs = (ObjectNode) plain.readTree(store.writeValueAsString(rewarded("1007", details())));
        ((ObjectNode) mine.path("details").path("custom_1")).put("kid", theirs.path("details").path("custom_1").path("kid").asText());
        assertThatThrownBy(() -> store.readValue(mine.toString(), ConversionRewarded.class))
                .isInstanceOf(Aead.TamperedException.class);
    }

    @Test
    void aDataSubjectComponentNamesTheKey() throws Exception {
        String stored = store.writeValueAsString(new NamedSubject("2001", PlayerId.of("2002"), "Zebra#1234"));
        assertThat(stored).doesNotContain("Zebra");
        assertThat(keys.byPlayer).containsOnlyKeys("2001");
        assertThat(store.readValue(stored, NamedSubject.class).userName()).isEqualTo("Zebra#1234");
    }

    @Test
    void personalDataWithoutASubjectIsRefused() {
        assertThatThrownBy(() -> store.writeValueAsString(new NoSubject("x", "Zebra")))
                .hasMessageContaining("no data subject");
    }
}
