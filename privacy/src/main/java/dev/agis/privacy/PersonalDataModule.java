package dev.agis.privacy;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.BeanPropertyWriter;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.agis.domain.common.PlayerId;
import dev.agis.domain.privacy.DataSubject;
import dev.agis.domain.privacy.PersonalData;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Encrypts the {@link PersonalData} components of records when the serializer writes them and
 * opens them when it reads them: one mechanism for every stored message, driven by the annotation
 * alone. Records without such a component are written and read exactly as before.
 *
 * <p>The data subject is the record's {@link DataSubject} component, else its only
 * {@link PlayerId} component; a record with personal data and no subject is refused when written.
 */
public final class PersonalDataModule extends SimpleModule {

    private static final ObjectMapper PLAIN = new ObjectMapper().registerModule(new JavaTimeModule());
    /** Record class → its subject's accessor, its personal components (null: none). */
    private static final Map<Class<?>, Personal> PERSONAL = new ConcurrentHashMap<>();

    private record Personal(RecordComponent subject, List<String> fields, Map<String, Set<String>> plainKeys) {
    }

    /** Not a bean on purpose: Spring Boot would add every Module bean to the HTTP API's ObjectMapper too. */
    public static PersonalDataModule of(PersonalDataCodec codec) {
        return new PersonalDataModule(codec);
    }

    private PersonalDataModule(PersonalDataCodec codec) {
        super("agis-personal-data");
        setSerializerModifier(new BeanSerializerModifier() {
            @Override
            public List<BeanPropertyWriter> changeProperties(SerializationConfig config, BeanDescription desc, List<BeanPropertyWriter> writers) {
                if (personal(desc.getBeanClass()) == null) {
                    return writers;
                }
                List<BeanPropertyWriter> changed = new ArrayList<>(writers.size());
                for (BeanPropertyWriter w : writers) {
                    PersonalData marker = w.getAnnotation(PersonalData.class);
                    changed.add(marker == null ? w : new EncryptingWriter(w, codec, Set.of(marker.plainKeys())));
                }
                return changed;
            }
        });
        setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription desc, JsonDeserializer<?> deserializer) {
                Personal personal = personal(desc.getBeanClass());
                return personal == null ? deserializer : new DecryptingDeserializer(deserializer, codec, personal);
            }
        });
    }

    /** What a record class holds of personal data, or null for none (and for classes that are not records). */
    static Personal personal(Class<?> type) {
        if (!type.isRecord()) {
            return null;
        }
        Personal found = PERSONAL.computeIfAbsent(type, PersonalDataModule::inspect);
        return found.fields().isEmpty() ? null : found;
    }

    private static Personal inspect(Class<?> type) {
        RecordComponent[] components = type.getRecordComponents();
        List<RecordComponent> personal = Arrays.stream(components).filter(c -> c.isAnnotationPresent(PersonalData.class)).toList();
        List<String> fields = personal.stream().map(RecordComponent::getName).toList();
        Map<String, Set<String>> plainKeys = personal.stream().collect(java.util.stream.Collectors.toMap(RecordComponent::getName,
                c -> Set.of(c.getAnnotation(PersonalData.class).plainKeys())));
        List<RecordComponent> marked = Arrays.stream(components).filter(c -> c.isAnnotationPresent(DataSubject.class)).toList();
        List<RecordComponent> players = Arrays.stream(components).filter(c -> c.getType() == PlayerId.class).toList();
        RecordComponent subject = marked.size() == 1 ? marked.get(0) : marked.isEmpty() && players.size() == 1 ? players.get(0) : null;
        return new Personal(subject, fields, plainKeys);
    }

    /** The Discord id whose key encrypts the personal data of {@code bean}. */
    static String subjectOf(Object bean) {
        Personal personal = personal(bean.getClass());
        if (personal == null || personal.subject() == null) {
            throw new IllegalStateException(bean.getClass().getName() + " has @PersonalData but no data subject: "
                    + "give it exactly one PlayerId component or mark one component @DataSubject");
        }
        Object value;
        try {
            value = personal.subject().getAccessor().invoke(bean);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("data subject of " + bean.getClass().getName() + " not readable", e);
        }
        if (value == null) {
            throw new IllegalStateException(bean.getClass().getName() + " has personal data but no data subject value");
        }
        return value instanceof PlayerId p ? p.value() : value.toString();
    }

    /** Writes a personal component as an envelope (a map: each value not in {@code plainKeys} as an envelope). */
    private static final class EncryptingWriter extends BeanPropertyWriter {

        private final transient PersonalDataCodec codec;
        private final Set<String> plainKeys;

        EncryptingWriter(BeanPropertyWriter base, PersonalDataCodec codec, Set<String> plainKeys) {
            super(base);
            this.codec = codec;
            this.plainKeys = plainKeys;
        }

        @Override
        public void serializeAsField(Object bean, JsonGenerator gen, SerializerProvider prov) throws Exception {
            Object value = get(bean);
            if (value == null) {
                super.serializeAsField(bean, gen, prov);
                return;
            }
            String subject = subjectOf(bean);
            JsonNode plain = PLAIN.valueToTree(value);
            JsonNode stored;
            if (value instanceof Map<?, ?> && plain instanceof ObjectNode map) {
                ObjectNode sealed = JsonNodeFactory.instance.objectNode();
                map.fields().forEachRemaining(f -> sealed.set(f.getKey(),
                        plainKeys.contains(f.getKey()) || f.getValue().isNull() ? f.getValue() : codec.seal(subject, f.getValue())));
                stored = sealed;
            } else {
                stored = codec.seal(subject, plain);
            }
            prov.defaultSerializeField(getName(), stored, gen);
        }
    }

    /**
     * Opens the envelopes of a record's personal components (and reads an erased player's values
     * stored in clear as erased), then reads the record as usual.
     */
    private static final class DecryptingDeserializer extends DelegatingDeserializer {

        private final transient PersonalDataCodec codec;
        private final transient Personal personal;

        DecryptingDeserializer(JsonDeserializer<?> delegate, PersonalDataCodec codec, Personal personal) {
            super(delegate);
            this.codec = codec;
            this.personal = personal;
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> newDelegatee) {
            return new DecryptingDeserializer(newDelegatee, codec, personal);
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonNode tree = ctxt.readTree(p);
            if (tree instanceof ObjectNode object) {
                JsonNode subject = personal.subject() == null ? null : object.get(personal.subject().getName());
                String subjectId = subject == null || !subject.isTextual() ? null : subject.asText();
                for (String field : personal.fields()) {
                    JsonNode stored = object.get(field);
                    if (stored != null && !stored.isNull()) {
                        object.set(field, codec.open(stored, subjectId, personal.plainKeys().get(field)));
                    }
                }
            }
            try (JsonParser opened = tree.traverse(p.getCodec())) {
                opened.nextToken();
                return _delegatee.deserialize(opened, ctxt);
            }
        }
    }
}
