package dev.agis.app.axon;

import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.UnknownSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;

import javax.annotation.Nonnull;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Axon's Jackson serializer, remembering the class of each stored type name it has resolved.
 *
 * <p>Axon resolves the class with {@code Class.forName} every time a message's payload or metadata
 * type is asked for — by every processor, for every event it reads. That lookup was 14 % of a
 * replay's reading thread. Only types that resolve are remembered: an unknown type keeps Axon's
 * behaviour (an {@link UnknownSerializedType}), so a class that appears later is still found.
 *
 * <p>It also reads payload classes under their former names. Persistent deadlines store their
 * payload's class name inside db-scheduler's serialized task data, where it cannot be rewritten; a
 * deadline whose class no longer resolves would reach no handler and vanish silently (a server
 * never billed again). So a renamed payload class keeps its old name here.
 */
final class ClassCachingJacksonSerializer extends JacksonSerializer {

    /** Former class name → current class name of renamed payloads. */
    static final Map<String, String> RENAMED = Map.of(
            "dev.agis.command.server.GameServer$PeriodEnd", "dev.agis.command.server.ServerPeriodEnd",
            "dev.agis.command.subscription.PeriodEnd", "dev.agis.command.subscription.SubscriptionPeriodEnd");

    private final Map<String, Class<?>> classes = new ConcurrentHashMap<>();

    ClassCachingJacksonSerializer(Builder builder) {
        super(builder);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Class classForType(@Nonnull SerializedType type) {
        Class<?> known = classes.get(type.getName());
        if (known != null) {
            return known;
        }
        String renamed = RENAMED.get(type.getName());
        Class<?> resolved = super.classForType(renamed == null ? type : new SimpleSerializedType(renamed, type.getRevision()));
        if (resolved != UnknownSerializedType.class && resolved != Void.class) {
            classes.put(type.getName(), resolved);
        }
        return resolved;
    }
}
