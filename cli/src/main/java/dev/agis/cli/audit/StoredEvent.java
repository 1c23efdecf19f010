package dev.agis.cli.audit;

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

    /** The payload as JSON: re-serialized after upcasting when readable, else as stored. */
    public String payloadJson() {
        Object p = payload();
        if (p == null) {
            return storedPayloadJson;
        }
        return serializer.serialize(p, String.class).getData();
    }
}
