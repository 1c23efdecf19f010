package dev.agis.app.db;

import org.apache.commons.logging.Log;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.util.HashMap;
import java.util.Map;

/**
 * Maps the predecessor's variables ({@code DB_URL}, or {@code DB_HOST}, {@code DB_PORT},
 * {@code DB_NAME}, {@code DB_USER}, {@code DB_PASSWORD}) onto {@code spring.datasource.*}. Without
 * any of them, and without {@code spring.datasource.url}, AGIS uses its embedded PostgreSQL.
 */
public class DatabaseEnvironment implements EnvironmentPostProcessor {

    private final Log log;

    public DatabaseEnvironment(DeferredLogFactory logs) {
        this.log = logs.getLog(DatabaseEnvironment.class);
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        if (env.containsProperty("spring.datasource.url")) {
            log.info("Database: external PostgreSQL at " + env.getProperty("spring.datasource.url"));
            return;
        }
        Map<String, Object> props = new HashMap<>();
        String url = env.getProperty("DB_URL");
        String host = env.getProperty("DB_HOST");
        if (url == null && host == null) {
            return; // embedded default
        }
        if (url == null) {
            url = "jdbc:postgresql://" + host + ":" + env.getProperty("DB_PORT", "5432") + "/" + env.getProperty("DB_NAME", "agis");
        }
        props.put("spring.datasource.url", url);
        if (env.containsProperty("DB_USER")) {
            props.put("spring.datasource.username", env.getProperty("DB_USER"));
        }
        if (env.containsProperty("DB_PASSWORD")) {
            props.put("spring.datasource.password", env.getProperty("DB_PASSWORD"));
        }
        env.getPropertySources().addFirst(new MapPropertySource("agisDatabase", props));
        log.info("Database: external PostgreSQL at " + url + " as " + env.getProperty("DB_USER", "(default user)"));
    }
}
