package dev.agis.http.support;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * {@code agis_api_requests_total{method,endpoint,status}}: every request to the REST API, by its
 * route pattern (e.g. {@code /api/v1/servers/{id}}, never the raw path, so the label set stays
 * small) and the status it was answered with, including problem-JSON errors. Latency comes from
 * Spring's {@code http_server_requests_seconds} histogram, which already times every request.
 */
@Configuration(proxyBeanMethods = false)
public class ApiRequestMetrics implements WebMvcConfigurer {

    private final Meter.MeterProvider<Counter> requests;

    public ApiRequestMetrics(MeterRegistry meters) {
        this.requests = Counter.builder("agis.api.requests").description("REST API requests, by route and answer status")
                .withRegistry(meters);
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new HandlerInterceptor() {
            @Override
            public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler, Exception ex) {
                Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
                // an exception that escaped every handler becomes a 500 after this point
                int status = ex != null && response.getStatus() < 400 ? 500 : response.getStatus();
                requests.withTags("method", request.getMethod(), "endpoint", pattern == null ? "unmatched" : pattern.toString(),
                        "status", Integer.toString(status)).increment();
            }
        }).addPathPatterns("/api/**");
    }
}
