package dev.agis.domain.apikey;

import dev.agis.domain.common.Actor;
import dev.agis.domain.common.PlayerId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/** Commands of API keys (SPEC §2.9). */
public final class ApiKeyCommands {

    private ApiKeyCommands() {
    }

    /**
     * Creates a key whose secret hashes to {@code keyHash} (the secret itself never reaches the
     * core). {@code creatorScopes} are the scopes of the key that asks, which must include every
     * requested scope; null when an operator creates it from the command line. {@code ttlDays} null
     * means the key does not expire.
     */
    public record CreateApiKey(@TargetAggregateIdentifier ApiKeyId keyId, String name, PlayerId owner, Set<ApiScope> scopes,
                               String keyHash, int requestsPerMinute, Integer ttlDays, Set<ApiScope> creatorScopes,
                               Actor actor) {
    }

    /**
     * Revokes a key for good. {@code requester} and {@code requesterScopes} describe the key that
     * asks (it must own the key, or hold {@code admin}, and hold every scope of the key it
     * revokes); both null when an operator revokes from the command line.
     */
    public record RevokeApiKey(@TargetAggregateIdentifier ApiKeyId keyId, PlayerId requester, Set<ApiScope> requesterScopes,
                               Actor actor) {
    }

    /**
     * When keys were last used, collected in memory and sent in batches: the last-used time is
     * bookkeeping, not a fact worth an event per request.
     */
    public record RecordApiKeyUsage(List<Usage> usages) {
    }

    public record Usage(ApiKeyId keyId, Instant lastUsedAt) {
    }
}
