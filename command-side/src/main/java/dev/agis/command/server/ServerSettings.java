package dev.agis.command.server;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code agis.servers.*}: limits of game servers (a player's limit comes from their subscription tier).
 *
 * @param guildMaxConcurrent servers a guild treasury may run at once
 */
@Validated
@ConfigurationProperties("agis.servers")
public record ServerSettings(@DefaultValue("10") @Min(0) int guildMaxConcurrent) {
}
