package dev.agis.query.experiment;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code agis.experiments.*}.
 *
 * @param exposureTimeoutMs how long the reward hook waits for a player's first exposure to be recorded before serving anyway
 */
@Validated
@ConfigurationProperties("agis.experiments")
public record ExperimentSettings(@DefaultValue("5000") @Min(0) long exposureTimeoutMs) {
}
