package dev.agis.command.apikey;

import dev.agis.domain.apikey.ApiKeyCommands.CreateApiKey;
import dev.agis.domain.apikey.ApiKeyCommands.RevokeApiKey;
import dev.agis.domain.apikey.ApiKeyError;
import dev.agis.domain.apikey.ApiKeyEvents.ApiKeyCreated;
import dev.agis.domain.apikey.ApiKeyEvents.ApiKeyRevoked;
import dev.agis.domain.apikey.ApiKeySecret;
import dev.agis.domain.apikey.ApiScope;
import dev.agis.domain.common.DomainException;
import dev.agis.domain.common.PlayerId;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * An API key (SPEC §2.9): created with its scopes, rate limit and optional expiry, revoked for good.
 * The aggregate knows only the secret's hash. A key hands out (and revokes) only keys whose scopes
 * it holds itself, so no key can widen its own rights; the operator's command line is the root.
 */
@Aggregate
public class ApiKey {

    static final int MAX_NAME_LENGTH = 100;
    static final int MAX_REQUESTS_PER_MINUTE = 100_000;
    static final int MAX_TTL_DAYS = 3650;

    @AggregateIdentifier
    private String id;
    private PlayerId owner;
    private Set<ApiScope> scopes;
    private boolean revoked;

    protected ApiKey() {
        // for Axon
    }

    @CommandHandler
    public ApiKey(CreateApiKey cmd, Clock clock) {
        if (cmd.name() == null || cmd.name().isBlank() || cmd.name().length() > MAX_NAME_LENGTH) {
            throw invalid("name must be 1.." + MAX_NAME_LENGTH + " characters");
        }
        if (cmd.owner() == null) {
            throw invalid("owner is required");
        }
        if (cmd.scopes() == null || cmd.scopes().isEmpty()) {
            throw new DomainException(ApiKeyError.INVALID_SCOPE, "at least one scope is required; known scopes: " + ApiScope.names());
        }
        if (cmd.requestsPerMinute() < 1 || cmd.requestsPerMinute() > MAX_REQUESTS_PER_MINUTE) {
            throw invalid("requests per minute must be 1.." + MAX_REQUESTS_PER_MINUTE);
        }
        if (cmd.ttlDays() != null && (cmd.ttlDays() < 1 || cmd.ttlDays() > MAX_TTL_DAYS)) {
            throw invalid("ttl must be 1.." + MAX_TTL_DAYS + " days (or none for a key that does not expire)");
        }
        if (!ApiKeySecret.isHash(cmd.keyHash())) {
            throw invalid("the key hash must be a lowercase hex SHA-256");
        }
        requireHeld(cmd.scopes(), cmd.creatorScopes(), "create a key with");
        Instant now = clock.instant();
        Instant expiresAt = cmd.ttlDays() == null ? null : now.plus(Duration.ofDays(cmd.ttlDays()));
        apply(new ApiKeyCreated(cmd.keyId(), cmd.name().strip(), cmd.owner(), EnumSet.copyOf(cmd.scopes()), cmd.keyHash(),
                cmd.requestsPerMinute(), expiresAt, cmd.actor(), now));
    }

    /** Revoking twice is a no-op, so a retried request answers like the first. */
    @CommandHandler
    public void handle(RevokeApiKey cmd, Clock clock) {
        if (cmd.requester() != null) {
            Set<ApiScope> held = cmd.requesterScopes() == null ? Set.of() : cmd.requesterScopes();
            if (!owner.equals(cmd.requester()) && !held.contains(ApiScope.ADMIN)) {
                throw new DomainException(ApiKeyError.NOT_KEY_OWNER, "only the owner of key " + id + " or an admin key may revoke it");
            }
            requireHeld(scopes, held, "revoke a key with");
        }
        if (revoked) {
            return;
        }
        apply(new ApiKeyRevoked(cmd.keyId(), owner, cmd.actor(), clock.instant()));
    }

    /** {@code held} null means the operator, who may do anything. */
    private static void requireHeld(Set<ApiScope> wanted, Set<ApiScope> held, String what) {
        if (held == null) {
            return;
        }
        Set<ApiScope> missing = EnumSet.copyOf(wanted);
        missing.removeAll(ApiScope.effective(held));
        if (!missing.isEmpty()) {
            throw new DomainException(ApiKeyError.SCOPE_NOT_HELD, "a key may only " + what + " scopes it holds itself; missing " + missing);
        }
    }

    private static DomainException invalid(String message) {
        return new DomainException(ApiKeyError.INVALID_API_KEY_REQUEST, message);
    }

    @EventSourcingHandler
    void on(ApiKeyCreated e) {
        id = e.keyId().value();
        owner = e.owner();
        scopes = EnumSet.copyOf(e.scopes());
    }

    @EventSourcingHandler
    void on(ApiKeyRevoked e) {
        revoked = true;
    }
}
