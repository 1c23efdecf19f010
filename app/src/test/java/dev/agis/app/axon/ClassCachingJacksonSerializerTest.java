package dev.agis.app.axon;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agis.domain.common.Credits;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.UnknownSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

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
}
