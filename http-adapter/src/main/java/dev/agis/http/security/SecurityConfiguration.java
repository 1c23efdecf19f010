package dev.agis.http.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.DispatcherType;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

import java.time.Clock;

/**
 * The HTTP security of AGIS: stateless, API keys only (no sessions, cookies, CSRF tokens, basic or
 * form login). Public: the ayeT callback (it has its own signature), health probes and metrics,
 * the OpenAPI document and Swagger UI, and the catalog. Every other {@code /api/v1} route needs a
 * key holding the scope its handler declares with {@link RequiresScope}: 401 without a usable
 * key, 403 without the scope, both as problem JSON with a stable {@code code}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableWebSecurity
public class SecurityConfiguration {

    /** Routes under {@code /api/v1} that answer without a key. */
    static final String[] PUBLIC_API = {"/api/v1/shop", "/api/v1/templates"};

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, ApiKeyVerifier verifier, RateLimiter rateLimiter, ApiKeyUsage usage,
                                    ObjectMapper json, Clock clock, MeterRegistry meters, ApplicationContext context) throws Exception {
        ProblemWriter problems = new ProblemWriter(json);
        // built here, not as a bean, so Spring Boot does not also register it as a servlet filter
        ApiKeyAuthenticationFilter keys = new ApiKeyAuthenticationFilter(verifier, rateLimiter, usage, problems, clock, meters);
        return http
                .csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(keys, AnonymousAuthenticationFilter.class)
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((request, response, failure) -> problems.unauthenticated(response,
                                "This endpoint needs an API key: send 'Authorization: Bearer agis_…'."))
                        .accessDeniedHandler((request, response, denied) -> {
                            Object missing = request.getAttribute(ScopeAuthorization.MISSING_SCOPE);
                            String message = ScopeAuthorization.NO_SCOPE_DECLARED.equals(missing)
                                    ? "This endpoint declares no scope and is closed to API keys."
                                    : "This API key lacks the scope '" + missing + "' this endpoint needs.";
                            problems.write(response, HttpStatus.FORBIDDEN, "INSUFFICIENT_SCOPE", message);
                        }))
                .authorizeHttpRequests(a -> a
                        // the request was authorised on its way in; its async result and error dispatches follow it
                        .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll()
                        .requestMatchers(PUBLIC_API).permitAll()
                        .requestMatchers("/api/v1/**").access(new ScopeAuthorization(context))
                        // the callback, probes, metrics, OpenAPI, Swagger UI and error pages
                        .anyRequest().permitAll())
                .build();
    }
}
