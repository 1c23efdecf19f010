package dev.agis.app.cli;

import dev.agis.app.AgisApplication;
import dev.agis.cli.CliContexts;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.Arrays;

/**
 * The contexts operator commands run in: AGIS without its web server, or the small read-only audit
 * context. Standard output belongs to the command (scripts parse its JSON and CSV): log lines go
 * to standard error, errors only unless {@code --verbose} (see {@code logback-cli.xml}), and no
 * banner.
 */
final class SpringCliContexts implements CliContexts {

    private static final String LOGGING_CONFIG = "logging.config=classpath:dev/agis/app/cli/logback-cli.xml";

    private boolean verbose;

    /** With {@code true}, INFO and WARN log lines are shown too (on standard error). */
    void verbose(boolean verbose) {
        this.verbose = verbose;
    }

    private String rootLevel() {
        return "logging.level.root=" + (verbose ? "INFO" : "ERROR");
    }

    @Override
    public ConfigurableApplicationContext application(String... properties) {
        return new SpringApplicationBuilder(AgisApplication.class)
                .web(WebApplicationType.NONE)
                .logStartupInfo(false)
                .properties("spring.main.banner-mode=off", LOGGING_CONFIG, rootLevel())
                .properties(properties)
                .run();
    }

    @Override
    public ConfigurableApplicationContext web(String... properties) {
        return new SpringApplicationBuilder(AgisApplication.class)
                .web(WebApplicationType.SERVLET)
                .logStartupInfo(false)
                .properties("spring.main.banner-mode=off", LOGGING_CONFIG, rootLevel())
                // as command-line arguments, so they win over application.yml (e.g. its server.port)
                .run(Arrays.stream(properties).map(p -> "--" + p).toArray(String[]::new));
    }

    @Override
    public ConfigurableApplicationContext migrating(String... properties) {
        return new SpringApplicationBuilder(MigrationContext.class)
                .web(WebApplicationType.NONE)
                .logStartupInfo(false)
                .properties("spring.main.banner-mode=off", "logging.level.root=WARN", "logging.level.org.flywaydb=INFO",
                        "spring.datasource.hikari.maximum-pool-size=4")
                .properties(properties)
                .run();
    }

    @Override
    public ConfigurableApplicationContext auditing() {
        return new SpringApplicationBuilder(AuditContext.class)
                .web(WebApplicationType.NONE)
                .logStartupInfo(false)
                .properties("spring.main.banner-mode=off", LOGGING_CONFIG, rootLevel(),
                        "spring.datasource.hikari.maximum-pool-size=4")
                .run();
    }
}
