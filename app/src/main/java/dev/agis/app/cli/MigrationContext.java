package dev.agis.app.cli;

import dev.agis.app.db.DatabaseConfiguration;
import dev.agis.app.db.EmbeddedDatabaseProperties;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The context {@code agis restore} needs: the configured database (the running embedded server is
 * attached to, never started twice) with the schema migrations applied. No Axon, no processors, no
 * timers: nothing else writes while the backup is loaded.
 */
@Configuration(proxyBeanMethods = false)
@Import(DatabaseConfiguration.class)
@EnableConfigurationProperties(EmbeddedDatabaseProperties.class)
@ImportAutoConfiguration({DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class})
class MigrationContext {
}
