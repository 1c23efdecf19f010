package dev.agis.http.security;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * {@code agis.api.keys.*}: API key authentication.
 *
 * @param cacheTtl                 how long an instance trusts a verified key without asking the database again; also
 *                                 the longest a revoke (or an expiry) made on another instance takes to apply here
 * @param defaultRequestsPerMinute rate limit of a new key that does not name one
 * @param usageFlushInterval       how often each instance writes the keys' last-used times (in one batch)
 */
@Validated
@ConfigurationProperties("agis.api.keys")
public record ApiKeySettings(@NotNull @DefaultValue("5s") Duration cacheTtl,
                             @Min(1) @Max(100_000) @DefaultValue("100") int defaultRequestsPerMinute,
                             @NotNull @DefaultValue("30s") Duration usageFlushInterval) {
}
