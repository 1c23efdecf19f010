package dev.agis.app.cli;

import dev.agis.app.AgisApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Boots AGIS without its HTTP server, for operator commands that work on the configured database. */
public final class CliContext {

    private CliContext() {
    }

    public static ConfigurableApplicationContext start(String... properties) {
        return new SpringApplicationBuilder(AgisApplication.class)
                .web(WebApplicationType.NONE)
                .logStartupInfo(false)
                .properties("spring.main.banner-mode=off", "logging.level.root=WARN",
                        "logging.level.dev.agis.app.db=INFO")
                .properties(properties)
                .run();
    }
}
