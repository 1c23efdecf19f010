package dev.agis.app.axon;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.agis.app.privacy.PrivacyStorageConfiguration;
import dev.agis.privacy.PersonalDataCodec;
import dev.agis.privacy.PersonalDataModule;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.serialization.RevisionResolver;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

/**
 * How Axon stores things: snake_case tables (owned by Flyway) and one Jackson serializer for events,
 * messages, tokens, snapshots and deadlines, which encrypts personal data. Shared by the application
 * and the read-only audit context.
 */
@Configuration(proxyBeanMethods = false)
@Import(PrivacyStorageConfiguration.class)
public class AxonStorageConfiguration {

    @Bean
    EventSchema eventSchema() {
        return EventSchema.builder()
                .eventTable("domain_event_entry")
                .snapshotTable("snapshot_event_entry")
                .globalIndexColumn("global_index")
                .timestampColumn("time_stamp")
                .eventIdentifierColumn("event_identifier")
                .aggregateIdentifierColumn("aggregate_identifier")
                .sequenceNumberColumn("sequence_number")
                .typeColumn("type")
                .payloadTypeColumn("payload_type")
                .payloadRevisionColumn("payload_revision")
                .payloadColumn("payload")
                .metaDataColumn("meta_data")
                .build();
    }

    @Bean
    TokenSchema tokenSchema() {
        return TokenSchema.builder()
                .setTokenTable("token_entry")
                .setProcessorNameColumn("processor_name")
                .setSegmentColumn("segment")
                .setTokenColumn("token")
                .setTokenTypeColumn("token_type")
                .setTimestampColumn("timestamp")
                .setOwnerColumn("owner")
                .build();
    }

    /**
     * The one serializer (general; messages and events use it too, see axon.serializer.* in
     * application.yml). Its own ObjectMapper, so API JSON settings can never change stored events.
     * Fields marked {@code @PersonalData} are stored encrypted with the player's key (ADR 0007).
     */
    @Bean
    @Primary
    Serializer serializer(RevisionResolver revisionResolver, PersonalDataCodec personalData) {
        ObjectMapper mapper = new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .registerModule(PersonalDataModule.of(personalData))
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        return new ClassCachingJacksonSerializer(JacksonSerializer.builder().objectMapper(mapper).revisionResolver(revisionResolver));
    }
}
