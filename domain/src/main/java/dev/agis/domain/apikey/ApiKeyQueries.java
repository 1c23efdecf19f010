package dev.agis.domain.apikey;

import dev.agis.domain.common.PlayerId;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/** Queries over the API key lookup (read model "api-keys"). */
public final class ApiKeyQueries {

    private ApiKeyQueries() {
    }

    /** The key whose secret hashes to {@code keyHash}, revoked or not; answers null when there is none. */
    public record FindApiKeyByHash(String keyHash) {
    }

    /** One key by id; answers null when there is none. */
    public record FindApiKey(ApiKeyId keyId) {
    }

    /**
     * Keys of {@code owner} (every owner when null), newest first, revoked ones included unless
     * {@code revoked} filters; a page after the key created at {@code afterCreatedAt} with id
     * {@code afterId} when set.
     */
    public record FindApiKeys(PlayerId owner, Boolean revoked, Instant afterCreatedAt, String afterId, int limit) {

        /** The newest 1000. */
        public FindApiKeys(PlayerId owner) {
            this(owner, null, null, null, 1000);
        }
    }

    public record ApiKeys(List<ApiKeyView> keys) {
    }

    /** A key without its secret; {@code lastUsedAt} lags use by up to the usage flush interval. */
    public record ApiKeyView(ApiKeyId keyId, String name, PlayerId owner, Set<ApiScope> scopes, int requestsPerMinute,
                             Instant createdAt, Instant expiresAt, Instant revokedAt, Instant lastUsedAt) {

        /** Whether requests may use the key at {@code now}: not revoked and not expired. */
        public boolean usableAt(Instant now) {
            return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
        }
    }
}
