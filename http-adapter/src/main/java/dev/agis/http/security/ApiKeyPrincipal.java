package dev.agis.http.security;

import dev.agis.domain.account.AccountId;
import dev.agis.domain.apikey.ApiKeyId;
import dev.agis.domain.apikey.ApiScope;
import dev.agis.domain.common.Actor;
import dev.agis.domain.common.PlayerId;

import java.util.Set;

/** Who a request authenticated by an API key acts as: the key's owner, with the key's scopes. */
public record ApiKeyPrincipal(ApiKeyId keyId, PlayerId owner, Set<ApiScope> scopes) {

    public ApiKeyPrincipal {
        scopes = Set.copyOf(scopes);
    }

    /** The owner's wallet, on whose behalf server and schedule commands are sent. */
    public AccountId account() {
        return AccountId.user(owner);
    }

    /** The actor named in every command sent on the key's behalf: {@code apikey:<uuid>}. */
    public Actor actor() {
        return keyId.actor();
    }

    public boolean holds(ApiScope scope) {
        return ApiScope.effective(scopes).contains(scope);
    }
}
