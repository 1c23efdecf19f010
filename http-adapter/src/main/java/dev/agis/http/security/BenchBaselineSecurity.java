package dev.agis.http.security;

import dev.agis.domain.apikey.ApiKeyId;
import dev.agis.domain.apikey.ApiScope;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.net.InetAddress;
import java.util.EnumSet;

/**
 * The baseline of {@code agis bench api}: the API without keys, scopes or rate limits, every
 * request acting as {@link BenchBaselineSettings#owner()}. This chain comes before
 * {@link SecurityConfiguration}'s and takes every request, so nothing of the key check runs. It
 * exists only when the bench sets the owner, and only on a loopback address (checked at startup:
 * otherwise the context fails to start).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnProperty("agis.api.bench-baseline.owner")
public class BenchBaselineSecurity {

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    SecurityFilterChain benchBaseline(HttpSecurity http, BenchBaselineSettings settings, ServerProperties server) throws Exception {
        requireLoopback(server.getAddress());
        ApiKeyPrincipal everything = new ApiKeyPrincipal(ApiKeyId.newId(), settings.owner(), EnumSet.allOf(ApiScope.class));
        // one immutable context shared by every request: what a request costs without any key work
        SecurityContextImpl context = new SecurityContextImpl(new ApiKeyAuthentication(everything));
        return http
                .securityMatcher("/**")
                .csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(new FixedPrincipal(context), AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(a -> a.anyRequest().permitAll())
                .build();
    }

    /** Refuses to go on unless the server listens on a loopback address only ({@code null}: every interface). */
    static void requireLoopback(InetAddress address) {
        if (address == null || !address.isLoopbackAddress()) {
            throw new IllegalStateException("agis.api.bench-baseline.owner switches API security off; it is refused unless "
                    + "server.address is a loopback address (it is " + (address == null ? "every interface" : address) + ")");
        }
    }

    /** Sets the one context on every dispatch of a request, the asynchronous ones included. */
    private static final class FixedPrincipal extends OncePerRequestFilter {

        private final SecurityContext context;

        FixedPrincipal(SecurityContext context) {
            this.context = context;
        }

        @Override
        protected boolean shouldNotFilterAsyncDispatch() {
            return false;
        }

        @Override
        protected boolean shouldNotFilterErrorDispatch() {
            return false;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            SecurityContextHolder.setContext(context);
            try {
                chain.doFilter(request, response);
            } finally {
                SecurityContextHolder.clearContext();
            }
        }
    }
}
