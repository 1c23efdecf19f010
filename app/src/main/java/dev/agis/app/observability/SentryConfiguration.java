package dev.agis.app.observability;

import dev.agis.privacy.SentryEventFilter;
import io.sentry.SentryOptions;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Sentry error reporting (SPEC §4). Sentry's Spring Boot starter is configured in
 * {@code application.yml} ({@code sentry.*}: the DSN from {@code SENTRY_DSN}, empty = off; the
 * environment from {@code SENTRY_ENVIRONMENT}; the release is the build's version) and takes the
 * filter below as its before-send callback.
 */
@Configuration(proxyBeanMethods = false)
public class SentryConfiguration {

    @Bean
    SentryOptions.BeforeSendCallback sentryEventFilter() {
        return new SentryEventFilter();
    }
}
