package dev.agis.app.db;

import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;

/**
 * The embedded default: with no {@code spring.datasource.url} (and no {@code DB_HOST}/{@code DB_URL},
 * which {@link DatabaseEnvironment} turns into one), AGIS runs on its own embedded PostgreSQL.
 * Otherwise Spring Boot's DataSource auto-configuration connects to the configured server.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "spring.datasource", name = "url", matchIfMissing = true, havingValue = "embedded")
public class DatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DatabaseConfiguration.class);

    /** Stopped after the DataSource closes (beans are destroyed in reverse dependency order). */
    @Bean(destroyMethod = "close")
    EmbeddedPostgresServer embeddedPostgres(EmbeddedDatabaseProperties props) {
        return EmbeddedPostgresServer.startOrAttach(props);
    }

    @Bean
    @ConfigurationProperties("spring.datasource.hikari")
    DataSource dataSource(EmbeddedPostgresServer server) {
        HikariDataSource ds = new HikariDataSource();
        ds.setJdbcUrl(server.jdbcUrl());
        ds.setUsername(server.username());
        log.info("Database: using embedded PostgreSQL {} ({}). Connect with: psql -h 127.0.0.1 -p {} -U {} {}",
                server.jdbcUrl(), server.startedHere() ? "started by this process" : "shared with the process that started it",
                server.port(), server.username(), server.jdbcUrl().substring(server.jdbcUrl().lastIndexOf('/') + 1));
        return ds;
    }
}
