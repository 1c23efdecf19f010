package dev.agis.http.api.admin;

import dev.agis.domain.account.AccountCommands.CreditAccount;
import dev.agis.domain.account.AccountId;
import dev.agis.domain.account.MovementOutcome;
import dev.agis.domain.account.MovementReason;
import dev.agis.domain.apikey.ApiScope;
import dev.agis.domain.common.Actor;
import dev.agis.domain.common.CommonError;
import dev.agis.domain.common.Credits;
import dev.agis.domain.common.DomainException;
import dev.agis.domain.common.Failures;
import dev.agis.domain.common.PlayerId;
import dev.agis.domain.conversion.ConversionCommands.ApproveConversion;
import dev.agis.domain.conversion.ConversionCommands.RejectConversion;
import dev.agis.domain.conversion.ConversionError;
import dev.agis.domain.conversion.ConversionId;
import dev.agis.domain.conversion.ConversionQueries.ConversionView;
import dev.agis.domain.conversion.ConversionQueries.FindFlaggedConversions;
import dev.agis.domain.conversion.ConversionQueries.FlaggedConversions;
import dev.agis.http.api.users.MeController;
import dev.agis.http.api.users.MeController.AccountJson;
import dev.agis.http.api.users.MeController.MovementJson;
import dev.agis.http.security.ApiKeyPrincipal;
import dev.agis.http.security.RequiresScope;
import dev.agis.http.support.IdempotencyKeys;
import dev.agis.http.support.Page;
import dev.agis.http.support.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;

/**
 * Operators' endpoints (scope {@code admin}): grant credits, review flagged conversions, look up
 * any player's account. Grants name the key as their actor; conversion decisions are taken as
 * {@code admin:<key owner>} (the Conversion aggregate accepts admins only) with the key in the note.
 */
@RestController
@RequestMapping("/api/v1/admin")
@Tag(name = "Admin")
public class AdminController {

    private final CommandGateway commands;
    private final QueryGateway queries;

    public AdminController(CommandGateway commands, QueryGateway queries) {
        this.commands = commands;
        this.queries = queries;
    }

    public record GrantRequest(@Schema(example = "987654321098765432") String playerId, @Schema(example = "500") Long amount,
                               @Schema(example = "ticket 4711", maxLength = 200) String note) {
    }

    public record GrantJson(String accountId, String idempotencyKey, long amount, long balanceAfter, boolean duplicate) {
    }

    public record ConversionJson(String id, String conversionId, String playerId, String type, String tier, String status,
                                 long reward, long credited, List<String> flagReasons, Instant recordedAt) {
        static ConversionJson of(ConversionView v) {
            String id = v.conversionId().value();
            return new ConversionJson(id.startsWith("conversion:ayet:") ? id.substring("conversion:ayet:".length()) : id, id,
                    v.playerId().value(), v.type(), v.tier(), v.status(), v.reward(), v.credited(), v.flagReasons(), v.recordedAt());
        }
    }

    public record DecisionRequest(@Schema(example = "checked with ayeT") String note) {
    }

    /** The decision taken; the conversion's read model shows it (and the credit) within moments. */
    public record DecisionJson(String id, String conversionId, String decision, String actor) {
    }

    @PostMapping("/grants")
    @RequiresScope(ApiScope.ADMIN)
    @Operation(summary = "Grant credits to a player (admin)", description = "Credits the player's wallet with reason "
            + "ADMIN_GRANT; the key is the actor, the note the counterpart. The Idempotency-Key header is required: the "
            + "ledger keys the movement by it, so a retry pays once (and gets the first answer back).")
    public ResponseEntity<GrantJson> grant(@Parameter(hidden = true) @AuthenticationPrincipal ApiKeyPrincipal caller,
                                           @RequestHeader(name = IdempotencyKeys.HEADER, required = false) String idempotencyKey,
                                           @RequestBody GrantRequest body) {
        if (idempotencyKey == null || idempotencyKey.isBlank()) {
            throw new DomainException(IdempotencyKeys.Error.IDEMPOTENCY_KEY_REQUIRED,
                    "a grant moves money: send an Idempotency-Key header so a retry cannot pay twice");
        }
        if (body == null || body.playerId() == null || body.amount() == null) {
            throw new DomainException(CommonError.INVALID_ARGUMENT, "playerId and amount are required");
        }
        PlayerId player = PlayerId.parse(body.playerId().strip(), CommonError.INVALID_ARGUMENT);
        Credits amount = Credits.of(body.amount()).requirePositive("amount");
        String note = body.note() == null || body.note().isBlank() ? "granted over the API" : body.note().strip();
        if (note.length() > 200) {
            throw new DomainException(CommonError.INVALID_ARGUMENT, "note is at most 200 characters");
        }
        // the ledger's key is per account; the granting owner in it keeps two admins' keys apart
        String ledgerKey = "admin-grant/" + caller.owner().value() + "/" + IdempotencyKeys.validate(idempotencyKey);
        MovementOutcome outcome = commands.sendAndWait(new CreditAccount(AccountId.user(player), amount, MovementReason.ADMIN_GRANT,
                ledgerKey, caller.actor(), note));
        return ResponseEntity.status(HttpStatus.CREATED).body(new GrantJson(outcome.accountId().value(), outcome.idempotencyKey(),
                outcome.amount().value(), outcome.balanceAfter().value(), outcome.duplicate()));
    }

    @GetMapping("/conversions/flagged")
    @RequiresScope(ApiScope.ADMIN)
    @Operation(summary = "Flagged conversions (admin)", description = "Conversions the fraud rules held back, oldest first. "
            + "Page with limit (1-100, default 20) and the nextCursor of the previous page.")
    public Page<ConversionJson> flagged(@RequestParam(required = false) String limit, @RequestParam(required = false) String cursor) {
        PageRequest page = PageRequest.of(limit, cursor).expectParts(2);
        List<ConversionView> rows = queries.query(new FindFlaggedConversions(page.afterInstant(0), page.afterString(1),
                page.fetchSize()), FlaggedConversions.class).join().conversions();
        return Page.of(rows, page, c -> new Object[]{c.recordedAt(), c.conversionId().value()}, ConversionJson::of);
    }

    @PostMapping("/conversions/{id}/approve")
    @RequiresScope(ApiScope.ADMIN)
    @Operation(summary = "Approve a flagged conversion (admin)", description = "Credits the player once (the conversion's "
            + "reward key). id: the ayeT transaction id or the full conversion id.")
    public DecisionJson approve(@Parameter(hidden = true) @AuthenticationPrincipal ApiKeyPrincipal caller,
                                  @PathVariable String id, @RequestBody(required = false) DecisionRequest body) {
        return decide(caller, id, body, true);
    }

    @PostMapping("/conversions/{id}/reject")
    @RequiresScope(ApiScope.ADMIN)
    @Operation(summary = "Reject a flagged conversion (admin)", description = "Keeps it uncredited for good.")
    public DecisionJson reject(@Parameter(hidden = true) @AuthenticationPrincipal ApiKeyPrincipal caller,
                                 @PathVariable String id, @RequestBody(required = false) DecisionRequest body) {
        return decide(caller, id, body, false);
    }

    @GetMapping("/players/{playerId}")
    @RequiresScope(ApiScope.ADMIN)
    @Operation(summary = "Any player's account (admin)", description = "The same view as GET /api/v1/users/me.")
    public AccountJson player(@PathVariable String playerId) {
        return MeController.account(queries, PlayerId.parse(playerId, CommonError.INVALID_ARGUMENT));
    }

    @GetMapping("/players/{playerId}/movements")
    @RequiresScope(ApiScope.ADMIN)
    @Operation(summary = "Any player's ledger (admin)", description = "The same list and filters as GET /api/v1/users/me/movements.")
    public Page<MovementJson> playerMovements(@PathVariable String playerId,
                                              @RequestParam(required = false) String limit,
                                              @RequestParam(required = false) String cursor,
                                              @RequestParam(required = false) String kind,
                                              @RequestParam(required = false) String reason,
                                              @RequestParam(required = false) String from,
                                              @RequestParam(required = false) String to) {
        AccountId account = AccountId.user(PlayerId.parse(playerId, CommonError.INVALID_ARGUMENT));
        return MeController.movements(queries, account, limit, cursor, kind, reason, from, to);
    }

    private DecisionJson decide(ApiKeyPrincipal caller, String raw, DecisionRequest body, boolean approve) {
        ConversionId id;
        try {
            id = raw.startsWith("conversion:") ? ConversionId.of(raw) : ConversionId.ayet(raw);
        } catch (DomainException e) {
            throw new DomainException(CommonError.INVALID_ARGUMENT, "id must be a transaction id from the flagged list");
        }
        String note = (body == null || body.note() == null || body.note().isBlank() ? "decided over the API" : body.note().strip())
                + " (" + caller.actor() + ")";
        Actor admin = Actor.admin(caller.owner().value());
        try {
            commands.sendAndWait(approve ? new ApproveConversion(id, admin, note) : new RejectConversion(id, admin, note));
        } catch (RuntimeException e) {
            if (Failures.isNotFound(e)) {
                throw new DomainException(ConversionError.CONVERSION_NOT_FOUND, "no conversion " + raw);
            }
            throw e;
        }
        return new DecisionJson(raw, id.value(), approve ? "approved" : "rejected", admin.value());
    }
}
