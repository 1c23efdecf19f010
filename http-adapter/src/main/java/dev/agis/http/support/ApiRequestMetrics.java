package dev.agis.http.support;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.PathContainer;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;

import java.io.IOException;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * {@code agis_api_requests_total{method,endpoint,status}} and the latency histogram
 * {@code agis_api_request_seconds{method,endpoint,status}} for every {@code /api/**} request,
 * including those answered before a controller runs (401, 403, 429 from security, 404, 405, 400
 * from the firewall). The endpoint is the route template (e.g. {@code /api/v1/servers/{id}}) the
 * path matches, or {@code unmatched}: never the raw path, so the label set stays small; an
 * unusual method is {@code OTHER} for the same reason. Rate-limit refusals are also counted alone
 * in {@code agis_api_rate_limited_total}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class ApiRequestMetrics {

    static final String UNMATCHED = "unmatched";
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    /** Outside Spring Security's chain, so it also sees the requests security answers itself. */
    @Bean
    FilterRegistrationBean<RequestMetricsFilter> apiRequestMetricsFilter(MeterRegistry meters,
                                                                         ObjectProvider<RequestMappingHandlerMapping> mappings) {
        FilterRegistrationBean<RequestMetricsFilter> registration =
                new FilterRegistrationBean<>(new RequestMetricsFilter(meters, mappings));
        registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER - 2);
        registration.addUrlPatterns("/api/*");
        return registration;
    }

    static final class RequestMetricsFilter extends OncePerRequestFilter {

        private final Meter.MeterProvider<Counter> requests;
        private final Meter.MeterProvider<Timer> latency;
        private final ObjectProvider<RequestMappingHandlerMapping> mappings;
        private volatile List<PathPattern> routes;

        RequestMetricsFilter(MeterRegistry meters, ObjectProvider<RequestMappingHandlerMapping> mappings) {
            this.requests = Counter.builder("agis.api.requests").description("REST API requests, by route and answer status")
                    .withRegistry(meters);
            this.latency = Timer.builder("agis.api.request").description("REST API request latency, by route and answer status")
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1))
                    .maximumExpectedValue(Duration.ofSeconds(30))
                    .withRegistry(meters);
            this.mappings = mappings;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            long start = System.nanoTime();
            boolean failed = true;
            try {
                chain.doFilter(request, response);
                failed = false;
            } finally {
                if (request.isAsyncStarted()) {
                    request.getAsyncContext().addListener(new AsyncListener() {
                        @Override
                        public void onComplete(AsyncEvent event) {
                            record(request, response.getStatus(), start);
                        }

                        @Override
                        public void onTimeout(AsyncEvent event) {
                        }

                        @Override
                        public void onError(AsyncEvent event) {
                        }

                        @Override
                        public void onStartAsync(AsyncEvent event) {
                        }
                    });
                } else {
                    // an exception that escaped every handler becomes a 500 after this point
                    record(request, failed && response.getStatus() < 400 ? 500 : response.getStatus(), start);
                }
            }
        }

        private void record(HttpServletRequest request, int status, long start) {
            String method = METHODS.contains(request.getMethod()) ? request.getMethod() : "OTHER";
            String endpoint = endpoint(request);
            String code = Integer.toString(status);
            requests.withTags("method", method, "endpoint", endpoint, "status", code).increment();
            latency.withTags("method", method, "endpoint", endpoint, "status", code).record(Duration.ofNanos(System.nanoTime() - start));
        }

        /** The most specific route template the path matches, or {@code unmatched}. */
        String endpoint(HttpServletRequest request) {
            String uri = request.getRequestURI();
            String path = uri.substring(Math.min(request.getContextPath().length(), uri.length()));
            PathContainer container;
            try {
                container = PathContainer.parsePath(path);
            } catch (IllegalArgumentException e) {
                return UNMATCHED;
            }
            for (PathPattern route : routes()) {
                if (route.matches(container)) {
                    return route.getPatternString();
                }
            }
            return UNMATCHED;
        }

        private List<PathPattern> routes() {
            List<PathPattern> known = routes;
            if (known == null) {
                known = mappings.orderedStream().flatMap(mapping -> mapping.getHandlerMethods().keySet().stream())
                        .map(info -> info.getPathPatternsCondition())
                        .filter(Objects::nonNull)
                        .flatMap(condition -> condition.getPatterns().stream())
                        .filter(p -> p.getPatternString().startsWith("/api/"))
                        .distinct()
                        .sorted(Comparator.nullsLast(PathPattern.SPECIFICITY_COMPARATOR))
                        .toList();
                routes = known;
            }
            return known;
        }
    }
}
