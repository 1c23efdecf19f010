package dev.agis.domain.apikey;

import dev.agis.domain.common.Actor;
import dev.agis.domain.common.PlayerId;

import java.time.Instant;
import java.util.Set;

/** Events of API keys; {@code keyHash} is the SHA-256 of the secret, never the secret. */
public final class ApiKeyEvents {

    private ApiKeyEvents() {
    }

    /** {@code expiresAt} is null for a key without expiry. */
    public record ApiKeyCreated(ApiKeyId keyId, String name, PlayerId owner, Set<ApiScope> scopes, String keyHash,
                                int requestsPerMinute, Instant expiresAt, Actor actor, Instant occurredAt) {
    }

    public record ApiKeyRevoked(ApiKeyId keyId, PlayerId owner, Actor actor, Instant occurredAt) {
    }
}
