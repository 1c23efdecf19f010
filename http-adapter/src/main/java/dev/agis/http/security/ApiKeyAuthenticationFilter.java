package dev.agis.http.security;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.time.Clock;

/**
 * {@code Authorization: Bearer agis_…} on {@code /api/v1}: an unknown, expired or revoked key is
 * answered 401 at once; a usable key becomes an {@link ApiKeyAuthentication} and takes a token
 * from its bucket — every answer to it carries {@code X-RateLimit-*}, and an empty bucket is
 * answered 429 with {@code Retry-After}. Without the header the request goes on unauthenticated
 * (public routes answer; the others get 401 from the entry point). The key is never logged.
 */
final class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

    private static final String BEARER = "Bearer ";

    private final ApiKeyVerifier verifier;
    private final RateLimiter rateLimiter;
    private final ApiKeyUsage usage;
    private final ProblemWriter problems;
    private final Clock clock;
    private final Counter rateLimited;
    private final SecurityContextRepository contexts = new RequestAttributeSecurityContextRepository();

    ApiKeyAuthenticationFilter(ApiKeyVerifier verifier, RateLimiter rateLimiter, ApiKeyUsage usage, ProblemWriter problems,
                               Clock clock, MeterRegistry meters) {
        this.verifier = verifier;
        this.rateLimiter = rateLimiter;
        this.usage = usage;
        this.problems = problems;
        this.clock = clock;
        // no key id as a tag: one series per key would grow without bound
        this.rateLimited = Counter.builder("agis.api.rate.limited").description("API requests refused because the key's bucket was empty")
                .register(meters);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith(request.getContextPath() + "/api/v1/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization == null || authorization.isBlank()) {
            chain.doFilter(request, response);
            return;
        }
        if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            problems.unauthenticated(response, "Send the API key as 'Authorization: Bearer agis_…'.");
            return;
        }
        ApiKeyVerifier.Verdict verdict = verifier.verify(authorization.substring(BEARER.length()).strip());
        if (!verdict.accepted()) {
            problems.unauthenticated(response, verdict.problem());
            return;
        }
        var key = verdict.key();
        RateLimiter.Decision decision = rateLimiter.consume(key.keyId(), key.requestsPerMinute());
        response.setHeader("X-RateLimit-Limit", Long.toString(decision.limit()));
        response.setHeader("X-RateLimit-Remaining", Long.toString(decision.remaining()));
        response.setHeader("X-RateLimit-Reset", Long.toString(decision.resetSeconds()));
        usage.used(key.keyId(), clock.instant());
        if (!decision.allowed()) {
            rateLimited.increment();
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(decision.retryAfterSeconds()));
            problems.write(response, HttpStatus.TOO_MANY_REQUESTS, "RATE_LIMITED", "This API key allows " + decision.limit()
                    + " requests per minute; retry in " + decision.retryAfterSeconds() + " s.");
            return;
        }
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(new ApiKeyAuthentication(new ApiKeyPrincipal(key.keyId(), key.owner(), key.scopes())));
        SecurityContextHolder.setContext(context);
        // kept with the request (never a session), so the async dispatch of a CompletableFuture answer sees it too
        contexts.saveContext(context, request, response);
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }
}
