package dev.agis.http.support;

import dev.agis.domain.account.AccountId;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import java.util.regex.Pattern;

/**
 * Temporary authentication of the server and schedule endpoints until API keys exist: the header
 * {@code Authorization: Bearer <discord-user-id>} names the player. Anyone can claim any id this
 * way, so it is accepted only when {@code agis.api.legacy-bearer=true} (default false); otherwise
 * every such request is answered 401. Read per request, so the switch needs no restart.
 */
@Component
public class LegacyBearer {

    public static final String PROPERTY = "agis.api.legacy-bearer";
    private static final Pattern DISCORD_ID = Pattern.compile("[0-9]{1,20}");

    private final Environment environment;

    public LegacyBearer(Environment environment) {
        this.environment = environment;
    }

    /** Whether the temporary bearer login is switched on (read per request). */
    public boolean enabled() {
        return environment.getProperty(PROPERTY, Boolean.class, false);
    }

    /** The player's wallet named by the header, or {@link Unauthenticated}. */
    public AccountId player(String authorization) {
        if (!enabled()) {
            throw new Unauthenticated("This endpoint needs an API key; the temporary 'Bearer <discord-user-id>' login is disabled "
                    + "(set " + PROPERTY + "=true to enable it on a trusted network).");
        }
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            throw new Unauthenticated("Missing 'Authorization: Bearer <discord-user-id>' header.");
        }
        String id = authorization.substring("Bearer ".length()).trim();
        if (!DISCORD_ID.matcher(id).matches()) {
            throw new Unauthenticated("The bearer token must be a Discord user id (digits only).");
        }
        return AccountId.user(id);
    }

    /** The request carries no acceptable credentials (HTTP 401). */
    public static class Unauthenticated extends RuntimeException {
        public Unauthenticated(String message) {
            super(message);
        }
    }
}
