package dev.agis.domain.common;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.agis.domain.account.AccountId;
import dev.agis.domain.experiment.ExperimentCommands.RecordExposure;
import dev.agis.domain.experiment.ExperimentError;
import dev.agis.domain.experiment.ExperimentEvents.PlayerExposed;
import dev.agis.domain.experiment.ExperimentKey;
import dev.agis.domain.subscription.SubscriptionEvents.SubscriptionPaymentRequested;
import dev.agis.domain.subscription.SubscriptionId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one player id rule, the ids built on it, and the JSON form stored events depend on. */
class PlayerIdTest {

    /** Configured like the event serializer in app (AxonConfiguration). */
    static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @ParameterizedTest
    @ValueSource(strings = {"123456789012345678", "1", "a", "bench1p0", "player_1", "Some-Player-2",
            "1234567890123456789012345678901234567890123456789012345678901234"})
    void validIds(String raw) {
        assertThat(PlayerId.isValid(raw)).isTrue();
        assertThat(PlayerId.of(raw).value()).isEqualTo(raw);
        assertThat(PlayerId.of(raw)).hasToString(raw).isEqualTo(PlayerId.parse(raw, ExperimentError.INVALID_PLAYER));
        assertThat(AccountId.user(PlayerId.of(raw)).ownerId()).isEqualTo(raw);
        assertThat(SubscriptionId.of("subscription:" + raw).value()).isEqualTo("subscription:" + raw);
    }

    @ParameterizedTest
    @EmptySource
    @ValueSource(strings = {" ", "bad id", "bad id!", "a.b", "a:b", "a/b", "player-\u00dc", "123\n", "<script>",
            "12345678901234567890123456789012345678901234567890123456789012345"})
    void invalidIds(String raw) {
        assertThat(PlayerId.isValid(raw)).isFalse();
        assertThatThrownBy(() -> PlayerId.of(raw)).isInstanceOfSatisfying(DomainException.class,
                e -> assertThat(e.code()).isEqualTo(CommonError.INVALID_ARGUMENT));
        assertThatThrownBy(() -> PlayerId.parse(raw, ExperimentError.INVALID_PLAYER)).isInstanceOfSatisfying(DomainException.class,
                e -> assertThat(e.code()).isEqualTo(ExperimentError.INVALID_PLAYER));
        // the ids that embed a player refuse exactly what the player rule refuses
        assertThatThrownBy(() -> AccountId.of("account:user:" + raw)).isInstanceOf(DomainException.class);
        assertThatThrownBy(() -> SubscriptionId.of("subscription:" + raw)).isInstanceOf(DomainException.class);
    }

    @Test
    void nullIsNoPlayer() {
        assertThat(PlayerId.isValid(null)).isFalse();
        assertThatThrownBy(() -> PlayerId.of(null)).isInstanceOf(DomainException.class);
        assertThatThrownBy(() -> PlayerId.parse(null, ExperimentError.INVALID_PLAYER)).isInstanceOfSatisfying(DomainException.class,
                e -> assertThat(e.code()).isEqualTo(ExperimentError.INVALID_PLAYER));
    }

    @Test
    void jsonIsThePlainString() throws Exception {
        assertThat(JSON.writeValueAsString(PlayerId.of("123"))).isEqualTo("\"123\"");
        assertThat(JSON.readValue("\"123\"", PlayerId.class)).isEqualTo(PlayerId.of("123"));
        assertThat(JSON.readValue("null", PlayerId.class)).isNull();
    }

    /** Aggregate ids and ledger keys built from a player must not change, or stored streams and keys would be missed. */
    @Test
    void idsAndKeysBuiltFromAPlayerAreThePlainId() {
        PlayerId player = PlayerId.of("1001");
        assertThat(AccountId.user(player)).isEqualTo(AccountId.user("1001")).hasToString("account:user:1001");
        assertThat(SubscriptionId.ofPlayer(player)).hasToString("subscription:1001");
        assertThat(SubscriptionId.ofPlayer(player).playerId()).isEqualTo(player);
        assertThat(new RecordExposure(ExperimentKey.of("reward-boost"), player).exposureId()).isEqualTo("exposure:reward-boost:1001");
        Instant t = Instant.parse("2026-11-22T03:00:00Z");
        assertThat(new SubscriptionPaymentRequested(SubscriptionId.ofPlayer(player), player, "premium", Credits.of(3990), 1, 2, t, t,
                false, Actor.system("billing"), t).idempotencyKey()).isEqualTo("subscription:1001/1.2");
    }

    /** The payload of a PlayerExposed as stored before players were PlayerIds: it reads, and a new one is written alike. */
    @Test
    void eventsStoredWithAStringPlayerIdStillRead() throws Exception {
        String stored = "{\"experimentKey\":\"reward-boost\",\"playerId\":\"123\",\"variant\":\"boost\",\"exposedAt\":\"2026-11-22T03:00:00Z\"}";
        PlayerExposed event = new PlayerExposed(ExperimentKey.of("reward-boost"), PlayerId.of("123"), "boost",
                Instant.parse("2026-11-22T03:00:00Z"));
        assertThat(JSON.readValue(stored, PlayerExposed.class)).isEqualTo(event);
        assertThat(JSON.writeValueAsString(event)).isEqualTo(stored);
    }

    @Test
    void malformedIdsDoNotDeserialize() {
        assertThatThrownBy(() -> JSON.readValue("\"bad id\"", PlayerId.class)).isInstanceOf(ValueInstantiationException.class);
    }
}
