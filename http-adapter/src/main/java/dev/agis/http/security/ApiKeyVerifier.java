package dev.agis.http.security;

import dev.agis.domain.apikey.ApiKeyId;
import dev.agis.domain.apikey.ApiKeyQueries.ApiKeyView;
import dev.agis.domain.apikey.ApiKeyQueries.FindApiKeyByHash;
import dev.agis.domain.apikey.ApiKeySecret;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a presented key into the key's lookup row. Keys are compared by the SHA-256 of what was
 * presented (the lookup is an indexed equality on the hash, so no secret is ever compared or
 * kept). A found key is cached in memory for {@link ApiKeySettings#cacheTtl()}; that is how long a
 * revoke made on another instance takes to apply here (a revoke on this instance evicts at once).
 * Expiry is checked on every request against the cached row.
 */
@Component
public class ApiKeyVerifier {

    /** Bound on cached keys; beyond it stale entries are dropped before another is added. */
    private static final int MAX_CACHED = 10_000;

    private final QueryGateway queries;
    private final Clock clock;
    private final ApiKeySettings settings;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(ApiKeyView key, Instant loadedAt) {
    }

    /** The outcome of checking a presented key; {@code key} is set only when it is usable. */
    public record Verdict(ApiKeyView key, String problem) {
        static Verdict ok(ApiKeyView key) {
            return new Verdict(key, null);
        }

        static Verdict refused(String problem) {
            return new Verdict(null, problem);
        }

        public boolean accepted() {
            return key != null;
        }
    }

    public ApiKeyVerifier(QueryGateway queries, Clock clock, ApiKeySettings settings) {
        this.queries = queries;
        this.clock = clock;
        this.settings = settings;
    }

    public Verdict verify(String presented) {
        if (!ApiKeySecret.isWellFormed(presented)) {
            return Verdict.refused("The bearer token is not an AGIS API key (agis_ followed by 43 characters).");
        }
        String hash = ApiKeySecret.hash(presented);
        Instant now = clock.instant();
        ApiKeyView key = lookup(hash, now);
        if (key == null) {
            return Verdict.refused("Unknown API key.");
        }
        if (key.revokedAt() != null) {
            return Verdict.refused("This API key was revoked at " + key.revokedAt() + ".");
        }
        if (!key.usableAt(now)) {
            return Verdict.refused("This API key expired at " + key.expiresAt() + ".");
        }
        return Verdict.ok(key);
    }

    /** Forgets a key on this instance, e.g. right after it was revoked here. */
    public void evict(ApiKeyId keyId) {
        cache.values().removeIf(c -> c.key().keyId().equals(keyId));
    }

    private ApiKeyView lookup(String hash, Instant now) {
        Cached cached = cache.get(hash);
        if (cached != null && cached.loadedAt().plus(settings.cacheTtl()).isAfter(now)) {
            return cached.key();
        }
        if (cache.size() >= MAX_CACHED) {
            cache.values().removeIf(c -> !c.loadedAt().plus(settings.cacheTtl()).isAfter(now));
        }
        // one look-up per key when its entry expires: the concurrent requests of a busy key wait for
        // it instead of each asking the database (unknown keys are not cached: a key created a
        // moment ago must work at once)
        Cached loaded = cache.compute(hash, (h, old) -> {
            if (old != null && old.loadedAt().plus(settings.cacheTtl()).isAfter(now)) {
                return old;
            }
            ApiKeyView found = queries.query(new FindApiKeyByHash(h), ApiKeyView.class).join();
            return found == null ? null : new Cached(found, now);
        });
        return loaded == null ? null : loaded.key();
    }
}
