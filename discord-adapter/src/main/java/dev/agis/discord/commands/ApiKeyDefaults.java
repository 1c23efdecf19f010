package dev.agis.discord.commands;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The part of {@code agis.api.keys.*} that {@code /apikey create} needs: the rate limit of a key
 * that names none. Bound from the same setting as the HTTP edge's, so both edges hand out the same
 * default and it is configured once.
 */
@Validated
@ConfigurationProperties("agis.api.keys")
public record ApiKeyDefaults(@DefaultValue("100") @Min(1) @Max(100_000) int defaultRequestsPerMinute) {
}
