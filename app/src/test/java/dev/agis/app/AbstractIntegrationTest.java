package dev.agis.app;

import org.junit.jupiter.api.Tag;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Base of every Spring Boot test: the whole application against a real embedded PostgreSQL.
 * One server per test JVM (fresh data directory, free port), shared by all cached contexts.
 * Tests create their own accounts/ids (random suffixes), so they never depend on each other's data.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability // metrics are exported in tests too: /actuator/prometheus is part of the contract
@Tag("integration")
public abstract class AbstractIntegrationTest {

    static {
        try {
            Path dir = Files.createTempDirectory("agis-test-pg");
            System.setProperty("agis.db.embedded.data-dir", dir.resolve("data").toString());
            System.setProperty("agis.db.embedded.port", "0");
            // a crash of a test database loses nothing of value: trade durability for speed
            System.setProperty("agis.db.embedded.durable", "false");
            System.setProperty("axoniq.update-checker.disabled", "true");
            System.setProperty("disable-axoniq-console-message", "true");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The master key the embedded server of this test JVM generated for player data keys; a context
     * or process that reaches the database by URL (an "external" database) must be given it.
     */
    public static String devMasterKey() {
        try {
            return Files.readString(Path.of(System.getProperty("agis.db.embedded.data-dir")).toAbsolutePath()
                    .resolveSibling("dev-master-key")).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
