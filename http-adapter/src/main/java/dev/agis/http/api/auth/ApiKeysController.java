package dev.agis.http.api.auth;

import dev.agis.domain.apikey.ApiKeyCommands.CreateApiKey;
import dev.agis.domain.apikey.ApiKeyCommands.RevokeApiKey;
import dev.agis.domain.apikey.ApiKeyError;
import dev.agis.domain.apikey.ApiKeyId;
import dev.agis.domain.apikey.ApiKeyQueries.ApiKeyView;
import dev.agis.domain.apikey.ApiKeyQueries.ApiKeys;
import dev.agis.domain.apikey.ApiKeyQueries.FindApiKey;
import dev.agis.domain.apikey.ApiKeyQueries.FindApiKeys;
import dev.agis.domain.apikey.ApiKeySecret;
import dev.agis.domain.apikey.ApiScope;
import dev.agis.domain.common.DomainException;
import dev.agis.domain.common.Failures;
import dev.agis.domain.common.PlayerId;
import dev.agis.http.security.AnyScope;
import dev.agis.http.security.ApiKeyPrincipal;
import dev.agis.http.security.ApiKeySettings;
import dev.agis.http.security.ApiKeyVerifier;
import dev.agis.http.support.Page;
import dev.agis.http.support.PageRequest;
import dev.agis.http.support.QueryParams;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * API keys over HTTP (SPEC §2.9). A key manages keys of its own owner, and only keys whose scopes
 * it holds itself; an {@code admin} key may name another owner and revoke anyone's key. The plain
 * key is in the creation answer and nowhere else.
 */
@RestController
@RequestMapping("/api/v1/auth/keys")
@Tag(name = "API keys")
public class ApiKeysController {

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final ApiKeyVerifier verifier;
    private final ApiKeySettings settings;

    public ApiKeysController(CommandGateway commands, QueryGateway queries, ApiKeyVerifier verifier, ApiKeySettings settings) {
        this.commands = commands;
        this.queries = queries;
        this.verifier = verifier;
        this.settings = settings;
    }

    /** {@code owner} defaults to the caller's owner; another owner needs {@code admin}. */
    public record CreateKeyRequest(@Schema(example = "dashboard") String name,
                                   @Schema(example = "[\"read:servers\", \"read:stats\"]") List<String> scopes,
                                   @Schema(example = "987654321098765432") String owner, @Schema(example = "60") Integer rateLimit,
                                   @Schema(example = "30") Integer ttlDays) {
    }

    public record KeyJson(String id, String keyId, String name, String owner, List<String> scopes, int rateLimit,
                          Instant createdAt, Instant expiresAt, Instant revokedAt, Instant lastUsedAt) {
        static KeyJson of(ApiKeyView v) {
            return new KeyJson(v.keyId().uuid(), v.keyId().value(), v.name(), v.owner().value(),
                    v.scopes().stream().map(ApiScope::value).sorted().toList(), v.requestsPerMinute(), v.createdAt(),
                    v.expiresAt(), v.revokedAt(), v.lastUsedAt());
        }
    }

    /** The creation answer: the only time the plain key is shown. */
    public record CreatedKeyJson(String key, KeyJson apiKey) {
    }

    public record RevokedJson(String id, String keyId, String status) {
    }

    @PostMapping
    @AnyScope
    @Operation(summary = "Create an API key", description = "Answers 201 with the key in 'key' — shown this once, only its "
            + "SHA-256 is stored. The new key's scopes must be held by the calling key (admin holds all: 403 SCOPE_NOT_HELD "
            + "otherwise). rateLimit is requests per minute; ttlDays (optional) makes the key expire. Any usable key may call it.")
    public ResponseEntity<CreatedKeyJson> create(@Parameter(hidden = true) @AuthenticationPrincipal ApiKeyPrincipal caller,
                                                 @RequestBody CreateKeyRequest body) {
        if (body == null || body.scopes() == null || body.scopes().isEmpty()) {
            throw new DomainException(ApiKeyError.INVALID_SCOPE, "scopes is required, e.g. [\"read:servers\"]; known scopes: "
                    + ApiScope.names());
        }
        Set<ApiScope> scopes = ApiScope.parseList(String.join(",", body.scopes()));
        PlayerId owner = body.owner() == null || body.owner().isBlank() ? caller.owner()
                : PlayerId.parse(body.owner().strip(), ApiKeyError.INVALID_API_KEY_REQUEST);
        if (!owner.equals(caller.owner()) && !caller.holds(ApiScope.ADMIN)) {
            throw new DomainException(ApiKeyError.NOT_KEY_OWNER, "only an admin key may create keys for another owner");
        }
        String key = ApiKeySecret.generate();
        ApiKeyId id = ApiKeyId.newId();
        int rateLimit = body.rateLimit() == null ? settings.defaultRequestsPerMinute() : body.rateLimit();
        commands.sendAndWait(new CreateApiKey(id, body.name(), owner, scopes, ApiKeySecret.hash(key), rateLimit, body.ttlDays(),
                caller.scopes(), caller.actor()));
        ApiKeyView created = queries.query(new FindApiKey(id), ApiKeyView.class).join();
        return ResponseEntity.created(URI.create("/api/v1/auth/keys/" + id.uuid())).body(new CreatedKeyJson(key, KeyJson.of(created)));
    }

    @GetMapping
    @AnyScope
    @Operation(summary = "The owner's API keys", description = "Keys of the calling key's owner, newest first, revoked ones "
            + "included unless revoked=false; never the keys themselves. Page with limit (1-100, default 20) and the nextCursor "
            + "of the previous page. lastUsedAt lags use by up to agis.api.keys.usage-flush-interval.")
    public Page<KeyJson> list(@Parameter(hidden = true) @AuthenticationPrincipal ApiKeyPrincipal caller,
                              @RequestParam(required = false) String limit,
                              @RequestParam(required = false) String cursor,
                              @RequestParam(required = false) String revoked) {
        PageRequest page = PageRequest.of(limit, cursor).expectParts(2);
        List<ApiKeyView> keys = queries.query(new FindApiKeys(caller.owner(), QueryParams.bool("revoked", revoked), page.afterInstant(0),
                page.afterString(1), page.fetchSize()), ApiKeys.class).join().keys();
        return Page.of(keys, page, k -> new Object[]{k.createdAt(), k.keyId().value()}, KeyJson::of);
    }

    @DeleteMapping("/{id}")
    @AnyScope
    @Operation(summary = "Revoke an API key", description = "For good. The caller must own the key (or hold admin) and hold "
            + "every scope of it. Applies at once on this instance and within agis.api.keys.cache-ttl on every other one.")
    public RevokedJson revoke(@Parameter(hidden = true) @AuthenticationPrincipal ApiKeyPrincipal caller, @PathVariable String id) {
        ApiKeyId keyId = ApiKeyId.parse(id);
        try {
            commands.sendAndWait(new RevokeApiKey(keyId, caller.owner(), caller.scopes(), caller.actor()));
        } catch (RuntimeException e) {
            if (Failures.isNotFound(e)) {
                throw new DomainException(ApiKeyError.API_KEY_NOT_FOUND, "no API key " + keyId);
            }
            throw e;
        }
        verifier.evict(keyId);
        return new RevokedJson(keyId.uuid(), keyId.value(), "revoked");
    }
}
