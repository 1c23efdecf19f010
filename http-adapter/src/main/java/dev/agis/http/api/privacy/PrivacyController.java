package dev.agis.http.api.privacy;

import dev.agis.domain.apikey.ApiScope;
import dev.agis.domain.common.CommonError;
import dev.agis.domain.common.DomainException;
import dev.agis.domain.consent.ConsentCommands.GrantConsent;
import dev.agis.domain.consent.ConsentCommands.WithdrawConsent;
import dev.agis.domain.consent.ConsentPurpose;
import dev.agis.domain.consent.ConsentQueries.ConsentPolicy;
import dev.agis.domain.consent.ConsentQueries.CurrentConsent;
import dev.agis.domain.consent.ConsentQueries.FindConsentPolicy;
import dev.agis.domain.consent.ConsentQueries.FindCurrentConsent;
import dev.agis.domain.privacy.PrivacyCommands.ErasePersonalData;
import dev.agis.domain.privacy.PrivacyQueries.ExportPersonalData;
import dev.agis.domain.privacy.PrivacyQueries.PersonalDataExport;
import dev.agis.http.security.ApiKeyPrincipal;
import dev.agis.http.security.RequiresScope;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;

/**
 * The API key owner's own personal data (SPEC §2.8, docs/privacy.md): export, erasure and consent.
 * Every route needs the {@code privacy} scope; the player is always the key's owner, never a
 * parameter, so a key can only reach its owner's data. Commands name the key as actor and record
 * the channel {@code api}.
 */
@RestController
@RequestMapping("/api/v1/users/me")
@Tag(name = "Privacy")
public class PrivacyController {

    /** What the erasure body must say, so a stray or replayed empty POST never erases. */
    static final String CONFIRMATION = "ERASE";
    static final String CHANNEL = "api";

    private final CommandGateway commands;
    private final QueryGateway queries;

    public PrivacyController(CommandGateway commands, QueryGateway queries) {
        this.commands = commands;
        this.queries = queries;
    }

    public record ErasureRequest(String confirm) {
    }

    /**
     * @param request      1 for the player's first erasure, 2 for a repeat …
     * @param firstRequest false when an earlier request had already erased what there was
     */
    public record ErasureJson(String player, boolean erased, int request, boolean firstRequest, String actor, String detail) {
    }

    public record PurposeJson(String purpose, boolean granted, String policyVersion, String channel, Instant changedAt) {
    }

    public record ConsentsJson(String player, String currentPolicyVersion, List<PurposeJson> purposes) {
        static ConsentsJson of(CurrentConsent consent, ConsentPolicy policy) {
            return new ConsentsJson(consent.playerId().value(), policy.version(), consent.purposes().stream()
                    .map(p -> new PurposeJson(p.purpose().wireName(), p.granted(), p.policyVersion(), p.channel(), p.changedAt()))
                    .toList());
        }
    }

    /** What a grant or withdrawal just recorded (GET /consents reads it back once the read model has it). */
    public record ConsentChangeJson(String purpose, boolean granted, String policyVersion, String channel) {
    }

    @GetMapping(value = "/data", produces = MediaType.APPLICATION_JSON_VALUE)
    @RequiresScope(ApiScope.PRIVACY)
    @Operation(summary = "Everything AGIS holds about me", description = "One JSON document: events naming the key's owner "
            + "(personal fields decrypted, or \"[erased]\"), consent history, erasures and every read-model row naming them. "
            + "The same document as `agis privacy export` and Discord's /mydata export.")
    public ResponseEntity<String> export(@Parameter(hidden = true) @AuthenticationPrincipal ApiKeyPrincipal caller) {
        PersonalDataExport export = queries.query(new ExportPersonalData(caller.owner()), PersonalDataExport.class).join();
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"agis-data-" + caller.owner().value() + ".json\"")
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .contentType(MediaType.APPLICATION_JSON)
                .body(export.json());
    }

    @PostMapping("/data/erasure")
    @RequiresScope(ApiScope.PRIVACY)
    @Operation(summary = "Erase my personal data", description = "Body {\"confirm\":\"ERASE\"}. Deletes the owner's data key, so "
            + "every personal field of their events reads as \"[erased]\"; amounts and the books stay. Cannot be undone. "
            + "Idempotent: a repeat is recorded (request 2, 3 …) and erases nothing new. 400 without the confirmation.")
    public ErasureJson erase(@Parameter(hidden = true) @AuthenticationPrincipal ApiKeyPrincipal caller,
                             @RequestBody(required = false) ErasureRequest body) {
        if (body == null || !CONFIRMATION.equals(body.confirm())) {
            throw new DomainException(CommonError.INVALID_ARGUMENT,
                    "erasure cannot be undone: send {\"confirm\":\"" + CONFIRMATION + "\"} to confirm it");
        }
        int request = commands.sendAndWait(ErasePersonalData.of(caller.owner(), caller.actor()));
        return new ErasureJson(caller.owner().value(), true, request, request == 1, caller.actor().value(), request == 1
                ? "Your data key is deleted: every personal field AGIS stored about you now reads as [erased]."
                : "Already erased by an earlier request; this one is recorded too and nothing new was held.");
    }

    @GetMapping("/consents")
    @RequiresScope(ApiScope.PRIVACY)
    @Operation(summary = "My consents", description = "One line per purpose (ads, analytics, notifications): granted or not, "
            + "the policy version and channel of the last change, and the policy version a grant records now.")
    public ConsentsJson consents(@Parameter(hidden = true) @AuthenticationPrincipal ApiKeyPrincipal caller) {
        return current(caller);
    }

    @PutMapping("/consents/{purpose}")
    @RequiresScope(ApiScope.PRIVACY)
    @Operation(summary = "Grant a consent", description = "Grants ads, analytics or notifications under the current policy "
            + "version, channel api. Granting what is granted under that version changes nothing. 400 UNKNOWN_PURPOSE.")
    public ConsentChangeJson grant(@Parameter(hidden = true) @AuthenticationPrincipal ApiKeyPrincipal caller,
                                    @PathVariable String purpose) {
        ConsentPurpose which = ConsentPurpose.of(purpose);
        ConsentPolicy policy = policy();
        commands.sendAndWait(GrantConsent.of(caller.owner(), which, policy.version(), CHANNEL, caller.actor()));
        return new ConsentChangeJson(which.wireName(), true, policy.version(), CHANNEL);
    }

    @DeleteMapping("/consents/{purpose}")
    @RequiresScope(ApiScope.PRIVACY)
    @Operation(summary = "Withdraw a consent", description = "Withdraws ads, analytics or notifications, channel api. "
            + "409 NOT_GRANTED when it is not granted; 400 UNKNOWN_PURPOSE.")
    public ConsentChangeJson withdraw(@Parameter(hidden = true) @AuthenticationPrincipal ApiKeyPrincipal caller,
                                      @PathVariable String purpose) {
        ConsentPurpose which = ConsentPurpose.of(purpose);
        commands.sendAndWait(WithdrawConsent.of(caller.owner(), which, CHANNEL, caller.actor()));
        return new ConsentChangeJson(which.wireName(), false, null, CHANNEL);
    }

    private ConsentPolicy policy() {
        return queries.query(new FindConsentPolicy(), ConsentPolicy.class).join();
    }

    private ConsentsJson current(ApiKeyPrincipal caller) {
        return ConsentsJson.of(queries.query(new FindCurrentConsent(caller.owner()), CurrentConsent.class).join(), policy());
    }
}
