package dev.agis.projections.apikey;

import dev.agis.domain.apikey.ApiKeyEvents.ApiKeyCreated;
import dev.agis.domain.apikey.ApiKeyEvents.ApiKeyRevoked;
import dev.agis.domain.apikey.ApiScope;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.stream.Collectors;

/**
 * The API key lookup: one row per key, found by the hash of its secret. It runs in the subscribing
 * processing group {@value #GROUP} (see {@code AxonConfiguration}): in the command's own
 * transaction, so a created key authenticates, and a revoked key is refused, as soon as the command
 * returns — on every instance, because every instance reads this table. Idempotent by aggregate
 * sequence like every projection.
 */
@Component
@ProcessingGroup(ApiKeyProjection.GROUP)
public class ApiKeyProjection {

    public static final String GROUP = "api-keys";

    private final JdbcClient jdbc;

    public ApiKeyProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(ApiKeyCreated e, @SequenceNumber long seq) {
        jdbc.sql("""
                        INSERT INTO api_key (key_id, key_hash, name, owner_id, scopes, requests_per_minute, created_at, expires_at,
                                             last_sequence)
                        VALUES (:id, :hash, :name, :owner, :scopes, :rpm, :at, :expires, :seq)
                        ON CONFLICT (key_id) DO NOTHING""")
                .param("id", e.keyId().value())
                .param("hash", e.keyHash())
                .param("name", e.name())
                .param("owner", e.owner().value())
                .param("scopes", e.scopes().stream().map(ApiScope::value).sorted().collect(Collectors.joining(",")))
                .param("rpm", e.requestsPerMinute())
                .param("at", ts(e.occurredAt()))
                .param("expires", ts(e.expiresAt()))
                .param("seq", seq)
                .update();
    }

    @EventHandler
    void on(ApiKeyRevoked e, @SequenceNumber long seq) {
        jdbc.sql("UPDATE api_key SET revoked_at = :at, last_sequence = :seq WHERE key_id = :id AND last_sequence < :seq")
                .param("id", e.keyId().value())
                .param("at", ts(e.occurredAt()))
                .param("seq", seq)
                .update();
    }

    @ResetHandler
    void reset() {
        jdbc.sql("TRUNCATE api_key").update();
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
