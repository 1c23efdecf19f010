package dev.agis.app.axon;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agis.command.server.ServerPeriodEnd;
import dev.agis.command.subscription.SubscriptionPeriodEnd;
import dev.agis.domain.common.Credits;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.UnknownSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ClassCachingJacksonSerializerTest {

    private final ClassCachingJacksonSerializer serializer =
            new ClassCachingJacksonSerializer(JacksonSerializer.builder().objectMapper(new ObjectMapper()));

    @Test
    void aKnownTypeResolvesToItsClassEveryTime() {
        SimpleSerializedType type = new SimpleSerializedType(Credits.class.getName(), null);

        assertThat(serializer.classForType(type)).isEqualTo(Credits.class);
        assertThat(serializer.classForType(new SimpleSerializedType(Credits.class.getName(), "1"))).isEqualTo(Credits.class);
    }

    @Test
    void anUnknownTypeStaysUnknownAndIsNotRemembered() {
        SimpleSerializedType type = new SimpleSerializedType("dev.agis.NoSuchEvent", null);

        assertThat(serializer.classForType(type)).isEqualTo(UnknownSerializedType.class);
        assertThat(serializer.classForType(type)).isEqualTo(UnknownSerializedType.class);
    }

    @Test
    void theEmptyTypeIsVoid() {
        assertThat(serializer.classForType(SimpleSerializedType.emptyType())).isEqualTo(Void.class);
    }

    @Test
    void payloadsStillRoundTrip() {
        Credits credits = Credits.of(42);
        SerializedObject<byte[]> serialized = serializer.serialize(credits, byte[].class);

        Credits back = serializer.deserialize(serialized);

        assertThat(back).isEqualTo(credits);
    }

    /** Deadlines scheduled before the payloads were renamed still reach their handlers. */
    @Test
    void deadlinePayloadsStoredUnderTheirFormerNamesReadAsTheCurrentClasses() {
        SerializedObject<byte[]> server = new SimpleSerializedObject<>("{\"period\":3}".getBytes(StandardCharsets.UTF_8), byte[].class,
                "dev.agis.command.server.GameServer$PeriodEnd", null);
        SerializedObject<byte[]> subscription = new SimpleSerializedObject<>(
                "{\"generation\":2,\"period\":5}".getBytes(StandardCharsets.UTF_8), byte[].class,
                "dev.agis.command.subscription.PeriodEnd", null);

        assertThat((Object) serializer.deserialize(server)).isEqualTo(new ServerPeriodEnd(3));
        assertThat((Object) serializer.deserialize(subscription)).isEqualTo(new SubscriptionPeriodEnd(2, 5));
    }

    @Test
    void everyRenamedTypeNamesAClassThatExists() {
        ClassCachingJacksonSerializer.RENAMED.values().forEach(current ->
                assertThat(serializer.classForType(new SimpleSerializedType(current, null))).isNotEqualTo(UnknownSerializedType.class));
    }
}
