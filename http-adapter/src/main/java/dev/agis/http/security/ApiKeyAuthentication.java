package dev.agis.http.security;

import dev.agis.domain.apikey.ApiScope;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import java.util.List;

/**
 * A request authenticated by an API key. Its authorities are the key's effective scopes as
 * {@code SCOPE_<scope>} ({@code admin} expands to every scope). It never holds the key itself.
 */
public final class ApiKeyAuthentication extends AbstractAuthenticationToken {

    private final ApiKeyPrincipal principal;

    public ApiKeyAuthentication(ApiKeyPrincipal principal) {
        super(authorities(principal));
        this.principal = principal;
        setAuthenticated(true);
    }

    public static String authority(ApiScope scope) {
        return "SCOPE_" + scope.value();
    }

    private static List<GrantedAuthority> authorities(ApiKeyPrincipal principal) {
        return ApiScope.effective(principal.scopes()).stream()
                .<GrantedAuthority>map(s -> new SimpleGrantedAuthority(authority(s)))
                .toList();
    }

    @Override
    public Object getCredentials() {
        return null;
    }

    @Override
    public ApiKeyPrincipal getPrincipal() {
        return principal;
    }

    @Override
    public String getName() {
        return principal.keyId().value();
    }
}
