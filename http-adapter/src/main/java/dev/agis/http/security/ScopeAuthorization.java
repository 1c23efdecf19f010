package dev.agis.http.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.ApplicationContext;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.util.function.Supplier;

/**
 * Grants an {@code /api/v1} request when its key holds the scope the handler method declares with
 * {@link RequiresScope} (any usable key for {@link AnyScope}). A handler that declares neither is refused (a new route is closed until it
 * says what it needs); a path no handler serves is let through to Spring MVC's 404/405.
 */
final class ScopeAuthorization implements AuthorizationManager<RequestAuthorizationContext> {

    /** Request attribute that tells the access-denied handler which scope was missing. */
    static final String MISSING_SCOPE = ScopeAuthorization.class.getName() + ".missing";
    static final String NO_SCOPE_DECLARED = "(none declared)";

    private final ApplicationContext context;
    private volatile RequestMappingHandlerMapping mappings;

    ScopeAuthorization(ApplicationContext context) {
        this.context = context;
    }

    @Override
    @SuppressWarnings("deprecation") // Spring Security 6.5 still asks implementations for check()
    public AuthorizationDecision check(Supplier<Authentication> authentication, RequestAuthorizationContext ctx) {
        if (!(authentication.get() instanceof ApiKeyAuthentication key)) {
            return new AuthorizationDecision(false);
        }
        HandlerMethod handler = handler(ctx.getRequest());
        if (handler == null) {
            return new AuthorizationDecision(true);
        }
        if (handler.hasMethodAnnotation(AnyScope.class)) {
            return new AuthorizationDecision(true);
        }
        RequiresScope required = handler.getMethodAnnotation(RequiresScope.class);
        if (required == null) {
            ctx.getRequest().setAttribute(MISSING_SCOPE, NO_SCOPE_DECLARED);
            return new AuthorizationDecision(false);
        }
        if (!key.getPrincipal().holds(required.value())) {
            ctx.getRequest().setAttribute(MISSING_SCOPE, required.value().value());
            return new AuthorizationDecision(false);
        }
        return new AuthorizationDecision(true);
    }

    private HandlerMethod handler(HttpServletRequest request) {
        try {
            HandlerExecutionChain chain = mappings().getHandler(request);
            return chain != null && chain.getHandler() instanceof HandlerMethod method ? method : null;
        } catch (Exception e) {
            // e.g. a method the path does not support: Spring MVC answers that itself
            return null;
        }
    }

    /** Looked up on first use: the handler mapping is built after the security filter chain. */
    private RequestMappingHandlerMapping mappings() {
        RequestMappingHandlerMapping m = mappings;
        if (m == null) {
            m = context.getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class);
            mappings = m;
        }
        return m;
    }
}
