package dev.agis.app.cli;

import dev.agis.app.AgisApplication;
import dev.agis.cli.CliContexts;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The contexts operator commands run in: AGIS without its web server, or the small read-only audit context. */
final class SpringCliContexts implements CliContexts {

    @Override
    public ConfigurableApplicationContext application(String... properties) {
        return new SpringApplicationBuilder(AgisApplication.class)
                .web(WebApplicationType.NONE)
                .logStartupInfo(false)
                .properties("spring.main.banner-mode=off", "logging.level.root=WARN",
                        "logging.level.dev.agis.app.db=INFO")
                .properties(properties)
                .run();
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
                .properties("spring.main.banner-mode=off", "logging.level.root=WARN",
                        "spring.datasource.hikari.maximum-pool-size=4")
                .run();
    }
}
