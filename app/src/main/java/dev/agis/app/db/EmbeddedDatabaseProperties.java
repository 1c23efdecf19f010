package dev.agis.app.db;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The embedded PostgreSQL used when no database is configured.
 *
 * @param dataDir        where the cluster lives; kept between runs
 * @param port           loopback port it listens on (0 = any free port, for tests)
 * @param startupTimeout how long to wait for the server to accept connections
 * @param database       the database AGIS uses inside the cluster
 * @param durable        fsync and synchronous commit on (default); tests may trade durability for speed
 */
@Validated
@ConfigurationProperties("agis.db.embedded")
public record EmbeddedDatabaseProperties(@DefaultValue("agis-data/postgres") Path dataDir,
                                         @DefaultValue("54329") @Min(0) @Max(65535) int port,
                                         @DefaultValue("60s") Duration startupTimeout,
                                         @DefaultValue("agis") @NotBlank String database,
                                         @DefaultValue("true") boolean durable) {
}
