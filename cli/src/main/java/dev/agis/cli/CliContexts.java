package dev.agis.cli;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * The Spring contexts an operator command runs in. The application module implements this and
 * hands it to every command through picocli's factory, so the commands never depend on how AGIS is
 * wired (and this module never depends on the application's classes).
 */
public interface CliContexts {

    /**
     * AGIS without its web server, on the configured database (the running embedded server is
     * attached to, never started twice); {@code properties} are extra {@code key=value} settings.
     */
    ConfigurableApplicationContext application(String... properties);

    /**
     * AGIS with its web server, as {@code serve} runs it, for benches that drive the HTTP API;
     * {@code properties} are {@code key=value} settings that override the configuration (e.g.
     * {@code server.port=0}).
     */
    ConfigurableApplicationContext web(String... properties);

    /**
     * Only the configured database, the event serializer and the upcasters: no Axon runtime, no
     * event processors, no migrations. Auditing reads; it never changes anything.
     */
    ConfigurableApplicationContext auditing();

    /**
     * Only the configured database, with AGIS's schema migrations applied ({@code properties} may
     * set e.g. {@code spring.flyway.target}): no Axon runtime, no processors, no timers, so nothing
     * writes while a backup is restored.
     */
    ConfigurableApplicationContext migrating(String... properties);
}
