package dev.agis.cli.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.serialization.SerializationException;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.UnknownSerializedType;

import java.time.Instant;
import java.util.Map;

/**
 * One stored event after upcasting: position, aggregate, sequence, time, type, metadata and payload.
 * A payload whose class this build does not know (or cannot read) is shown as its stored JSON.
 */
public record StoredEvent(long globalIndex, DomainEventMessage<?> message, String storedPayloadJson, Serializer serializer) {

    private static final ObjectMapper PLAIN = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    public String aggregateId() {
        return message.getAggregateIdentifier();
    }

    public long sequence() {
        return message.getSequenceNumber();
    }

    /** The time Axon stored with the event (compared as an instant, never as text). */
    public Instant timestamp() {
        return message.getTimestamp();
    }

    public String eventId() {
        return message.getIdentifier();
    }

    /** The payload type's simple name, e.g. {@code AccountCredited}. */
    public String type() {
        String name = message.getPayloadType().getName();
        if (payload() == null) {
            name = storedTypeName();
        }
        return name.substring(Math.max(name.lastIndexOf('.'), name.lastIndexOf('$')) + 1);
    }

    private String storedTypeName() {
        Object p = rawPayload();
        return p instanceof UnknownSerializedType u ? u.serializedType().getName() : message.getPayloadType().getName();
    }

    public Map<String, Object> metaData() {
        return message.getMetaData();
    }

    /** The deserialized payload, or null when this build cannot read it. */
    public Object payload() {
        Object p = rawPayload();
        return p instanceof UnknownSerializedType ? null : p;
    }

    private Object rawPayload() {
        try {
            return message.getPayload();
        } catch (SerializationException e) {
            return null;
        }
    }

    /**
     * The payload as JSON: re-written after upcasting when readable, else as stored. Re-written
     * with a plain mapper, not the store's serializer: that one would encrypt personal fields
     * again, and an audit shows them as read (their value, or "[erased]").
     */
    public String payloadJson() {
        Object p = payload();
        if (p == null) {
            return storedPayloadJson;
        }
        try {
            return PLAIN.writeValueAsString(p);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("payload of event " + eventId() + " not writable as JSON", e);
        }
    }
}
