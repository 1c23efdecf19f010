package dev.agis.command.support;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code agis.commands.*}: how the command gateway retries a command that lost a race for its
 * aggregate (business refusals are never retried).
 *
 * @param retries         retries after the first attempt
 * @param retryIntervalMs wait between two attempts
 */
@Validated
@ConfigurationProperties("agis.commands")
public record CommandSettings(@DefaultValue("8") @Min(0) int retries,
                             @DefaultValue("20") @Min(1) int retryIntervalMs) {
}
