package dev.agis.app;

import dev.agis.app.cli.AgisCli;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * AGIS. {@code java -jar agis.jar} serves; {@code java -jar agis.jar <command>} runs an operator
 * command of the {@code agis} CLI (see {@link AgisCli}).
 */
@SpringBootApplication(scanBasePackages = "dev.agis")
@ConfigurationPropertiesScan("dev.agis")
public class AgisApplication {

    public static void main(String[] args) {
        // Axon would otherwise phone home on start-up.
        System.setProperty("axoniq.update-checker.disabled", "true");
        System.setProperty("disable-axoniq-console-message", "true");
        AgisCli.run(args);
    }
}
