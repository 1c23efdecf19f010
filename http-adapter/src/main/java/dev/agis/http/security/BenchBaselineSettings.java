package dev.agis.http.security;

import dev.agis.domain.common.PlayerId;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code agis.api.bench-baseline.*}: set only by {@code agis bench api}, to measure what API keys and
 * rate limits cost. With {@code owner} set, every {@code /api/v1} request acts as that player with
 * every scope, without a key, a scope check or a rate limit ({@link BenchBaselineSecurity}). AGIS
 * then refuses to start unless {@code server.address} is a loopback address, so a production
 * instance can never answer without security by a stray setting.
 *
 * @param owner the player every request acts as; empty (the default) leaves security on
 */
@Validated
@ConfigurationProperties("agis.api.bench-baseline")
public record BenchBaselineSettings(PlayerId owner) {
}
