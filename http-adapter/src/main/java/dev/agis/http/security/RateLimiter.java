package dev.agis.http.security;

import dev.agis.domain.apikey.ApiKeyId;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.time.Duration;

/**
 * One token bucket per API key, kept by Bucket4j in PostgreSQL ({@code api_rate_limit_bucket},
 * serialised by an advisory lock per key), so every instance takes from the same bucket. A key of
 * N requests per minute gets a bucket of N tokens refilled in full once a minute: the (N+1)th
 * request within that minute is refused.
 */
@Component
public class RateLimiter {

    private static final Duration WINDOW = Duration.ofMinutes(1);

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
        BucketConfiguration configuration = BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(requestsPerMinute).refillIntervally(requestsPerMinute, WINDOW))
                .build();
        ConsumptionProbe probe = buckets.builder().build(keyId.value(), () -> configuration).tryConsumeAndReturnRemaining(1);
        return new Decision(probe.isConsumed(), requestsPerMinute, probe.getRemainingTokens(),
                seconds(probe.getNanosToWaitForReset()), Math.max(1, seconds(probe.getNanosToWaitForRefill())));
    }

    private static long seconds(long nanos) {
        return (nanos + 999_999_999L) / 1_000_000_000L;
    }
}
