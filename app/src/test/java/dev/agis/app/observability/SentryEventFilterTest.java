package dev.agis.app.observability;

import dev.agis.domain.common.CommonError;
import dev.agis.domain.common.DomainException;
import dev.agis.domain.conversion.AyetSignature;
import dev.agis.privacy.SentryEventFilter;
import io.sentry.Breadcrumb;
import io.sentry.Hint;
import io.sentry.IScopes;
import io.sentry.Sentry;
import io.sentry.SentryEvent;
import io.sentry.SentryLevel;
import io.sentry.SentryOptions;
import io.sentry.protocol.Message;
import io.sentry.protocol.Request;
import io.sentry.protocol.User;
import io.sentry.spring.boot.jakarta.SentryAutoConfiguration;
import org.axonframework.commandhandling.CommandExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;

/** What reaches Sentry: unexpected failures without personal data; never domain errors; nothing without a DSN. */
class SentryEventFilterTest {

    final SentryEventFilter filter = new SentryEventFilter();

    /** application.yml as the application reads it, with Sentry's auto-configuration and ours. */
    final ApplicationContextRunner sentry = new ApplicationContextRunner()
            .withInitializer(new ConfigDataApplicationContextInitializer())
            .withConfiguration(AutoConfigurations.of(SentryAutoConfiguration.class))
            .withUserConfiguration(SentryConfiguration.class);

    @AfterEach
    void closeSentry() {
        Sentry.close();
    }

    @Test
    void aDomainErrorIsNotReported() {
        DomainException refused = new DomainException(CommonError.INVALID_ARGUMENT, "amount must be positive");

        assertThat(filter.execute(new SentryEvent(refused), new Hint())).isNull();
        // as a command's failure arrives at the edge: wrapped by the gateway and by Axon
        assertThat(filter.execute(new SentryEvent(new CompletionException(refused)), new Hint())).isNull();
        // across a remote bus only the details travel
        CommandExecutionException remote = new CommandExecutionException("refused", null, refused.details());
        assertThat(filter.execute(new SentryEvent(remote), new Hint())).isNull();
    }

    @Test
    void aMalformedOrRefusedAyetCallbackIsNotReported() {
        assertThat(filter.execute(new SentryEvent(new AyetSignature.MalformedQueryException("bad escape")), new Hint())).isNull();

        SentryEvent refusal = new SentryEvent();
        refusal.setLevel(SentryLevel.WARNING);
        Message message = new Message();
        message.setFormatted("ayeT callback with a wrong signature refused; query: transaction_id=1&external_identifier=42");
        refusal.setMessage(message);
        assertThat(filter.execute(refusal, new Hint())).isNull();
    }

    @Test
    void anUnexpectedFailureIsReportedWithoutPersonalData() {
        SentryEvent event = new SentryEvent(new IllegalStateException("connection reset"));
        event.setLevel(SentryLevel.ERROR);
        Request request = new Request();
        request.setUrl("https://agis.example/api/v1/callbacks/ayet");
        request.setQueryString("transaction_id=1&external_identifier=123456789012345678");
        request.setCookies("session=abc");
        request.setHeaders(Map.of("User-Agent", "ayeT", "X-Forwarded-For", "203.0.113.7", AyetSignature.HEADER, "deadbeef"));
        request.setEnvs(Map.of("REMOTE_ADDR", "203.0.113.7"));
        event.setRequest(request);
        User user = new User();
        user.setIpAddress("203.0.113.7");
        event.setUser(user);
        event.setBreadcrumbs(new ArrayList<>(List.of(
                new Breadcrumb("callback query: transaction_id=1&external_identifier=123456789012345678 done"))));

        SentryEvent sent = filter.execute(event, new Hint());

        assertThat(sent).isSameAs(event);
        assertThat(sent.getRequest().getUrl()).isEqualTo("https://agis.example/api/v1/callbacks/ayet");
        assertThat(sent.getRequest().getQueryString()).isNull();
        assertThat(sent.getRequest().getCookies()).isNull();
        assertThat(sent.getRequest().getEnvs()).isNull();
        assertThat(sent.getRequest().getHeaders()).containsOnlyKeys("User-Agent");
        assertThat(sent.getUser()).isNull();
        assertThat(sent.getBreadcrumbs()).singleElement()
                .satisfies(b -> assertThat(b.getMessage()).isEqualTo("callback query: [query removed] done"));
    }

    @Test
    void withoutADsnSentryIsNotEvenConfigured() {
        sentry.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(IScopes.class);
            assertThat(Sentry.isEnabled()).isFalse();
        });
    }

    /** SENTRY_DSN="" is what the chart's default plain Secret gives the container. */
    @Test
    void withAnEmptyDsnSentryIsDisabled() {
        sentry.withPropertyValues("sentry.dsn=").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(IScopes.class);
            assertThat(Sentry.isEnabled()).isFalse();
        });
    }

    @Test
    void withADsnSentryReportsThroughTheFilterWithoutPersonalData() {
        // the variables as the container's environment has them (relaxed binding: SENTRY_DSN -> sentry.dsn);
        // a DSN nobody listens on: nothing is captured here, the SDK is only initialised
        Map<String, Object> env = Map.of("SENTRY_DSN", "http://public@127.0.0.1:9/1", "SENTRY_ENVIRONMENT", "staging");
        sentry.withInitializer(context -> context.getEnvironment().getPropertySources()
                .addFirst(new SystemEnvironmentPropertySource("test-environment", env))).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(Sentry.isEnabled()).isTrue();
            SentryOptions options = context.getBean(SentryOptions.class);
            assertThat(options.getBeforeSend()).isInstanceOf(SentryEventFilter.class);
            assertThat(options.isSendDefaultPii()).isFalse();
            assertThat(options.getEnvironment()).isEqualTo("staging");
            // the build's version, filtered into application.yml by Maven
            assertThat(options.getRelease()).matches("\\d+\\.\\d+\\.\\d+.*");
        });
    }
}
