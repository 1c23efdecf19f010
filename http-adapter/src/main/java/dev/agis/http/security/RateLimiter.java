package dev.agis.http.security;

import dev.agis.domain.apikey.ApiKeyId;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.proxy.optimization.DelayParameters;
import io.github.bucket4j.distributed.proxy.optimization.Optimization;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * One token bucket per API key, kept by Bucket4j in PostgreSQL ({@code api_rate_limit_bucket},
 * serialised by an advisory lock per key), so every instance takes from the same bucket. A key of
 * N requests per minute gets a bucket of N tokens refilled in full once a minute: the (N+1)th
 * request within that minute is refused.
 *
 * <p>Bucket4j's optimizations spare most requests the database round trip, on one proxy per key
 * kept here (the optimization's state lives in the proxy): concurrent requests of a key share one
 * round trip (batching), and a key of at least {@value #DELAY_FROM_PER_MINUTE} per minute consumes
 * up to 1 % of its minute locally before it synchronises (delaying; at the latest every
 * {@link #SYNC_AT_LEAST_EVERY}). So a busy key costs a database write per 1 % of its limit, not per
 * request; on one instance the count stays exact, and each further instance may let through at
 * most 1 % more. Smaller keys are exact across instances.
 */
@Component
public class RateLimiter {

    private static final Duration WINDOW = Duration.ofMinutes(1);
    static final int DELAY_FROM_PER_MINUTE = 200;
    static final Duration SYNC_AT_LEAST_EVERY = Duration.ofMillis(250);
    /** Bound on the proxies kept; beyond it they are dropped and rebuilt on the next use (the state is in the table). */
    private static final int MAX_PROXIES = 10_000;

    private final Map<String, Bucket> proxies = new ConcurrentHashMap<>();

    private final ProxyManager<String> buckets;

    /** What one request found: whether it may proceed, and the numbers for the rate-limit headers. */
    public record Decision(boolean allowed, long limit, long remaining, long resetSeconds, long retryAfterSeconds) {
    }

    public RateLimiter(DataSource dataSource) {
        this.buckets = Bucket4jPostgreSQL.advisoryLockBasedBuilder(dataSource)
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table("api_rate_limit_bucket")
                .idColumn("id")
                .stateColumn("state")
                .build();
    }

    /** Takes one token from the key's bucket. */
    public Decision consume(ApiKeyId keyId, int requestsPerMinute) {
        ConsumptionProbe probe = bucket(keyId, requestsPerMinute).tryConsumeAndReturnRemaining(1);
        return new Decision(probe.isConsumed(), requestsPerMinute, probe.getRemainingTokens(),
                seconds(probe.getNanosToWaitForReset()), Math.max(1, seconds(probe.getNanosToWaitForRefill())));
    }

    private Bucket bucket(ApiKeyId keyId, int requestsPerMinute) {
        String name = keyId.value() + "/" + requestsPerMinute;
        Bucket bucket = proxies.get(name);
        if (bucket != null) {
            return bucket;
        }
        if (proxies.size() >= MAX_PROXIES) {
            proxies.clear();
        }
        return proxies.computeIfAbsent(name, n -> {
            BucketConfiguration configuration = BucketConfiguration.builder()
                    .addLimit(limit -> limit.capacity(requestsPerMinute).refillIntervally(requestsPerMinute, WINDOW))
                    .build();
            Optimization optimization = requestsPerMinute >= DELAY_FROM_PER_MINUTE
                    ? Optimizations.delaying(new DelayParameters(requestsPerMinute / 100, SYNC_AT_LEAST_EVERY))
                    : Optimizations.batching();
            // Bucket4j's optimized proxies fail concurrent first requests with BucketNotFoundException
            // (their batch does not recover a missing bucket), so the plain proxy creates it first.
            buckets.builder().build(keyId.value(), () -> configuration).getAvailableTokens();
            return buckets.builder().withOptimization(optimization).build(keyId.value(), () -> configuration);
        });
    }

    private static long seconds(long nanos) {
        return (nanos + 999_999_999L) / 1_000_000_000L;
    }
}
