package dev.agis.http.api.users;

import dev.agis.domain.account.AccountId;
import dev.agis.domain.account.AccountQueries.FindAccountMovements;
import dev.agis.domain.account.AccountQueries.MovementEntry;
import dev.agis.domain.account.AccountQueries.MovementPage;
import dev.agis.domain.account.MovementKind;
import dev.agis.domain.account.MovementReason;
import dev.agis.domain.apikey.ApiScope;
import dev.agis.domain.common.CommonError;
import dev.agis.domain.common.DomainException;
import dev.agis.domain.common.Failures;
import dev.agis.domain.common.PlayerId;
import dev.agis.domain.player.PlayerQueries.FindPlayerAccount;
import dev.agis.domain.player.PlayerQueries.FindPlayerStats;
import dev.agis.domain.player.PlayerQueries.PlayerAccount;
import dev.agis.domain.player.PlayerQueries.PlayerStats;
import dev.agis.domain.subscription.SubscriptionCommands.CancelSubscription;
import dev.agis.domain.subscription.SubscriptionCommands.Subscribe;
import dev.agis.domain.subscription.SubscriptionError;
import dev.agis.domain.subscription.SubscriptionId;
import dev.agis.domain.subscription.SubscriptionQueries.FindSubscription;
import dev.agis.domain.subscription.SubscriptionQueries.SubscriptionView;
import dev.agis.http.security.ApiKeyPrincipal;
import dev.agis.http.security.RequiresScope;
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
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.Locale;

/**
 * The API key owner's own account (SPEC §3.2): reading needs {@code read:stats}; subscribing and
 * cancelling spend the owner's credits, so they need {@code write:servers}, the scope that spends.
 */
@RestController
@RequestMapping("/api/v1/users/me")
@Tag(name = "My account")
public class MeController {

    private final CommandGateway commands;
    private final QueryGateway queries;

    public MeController(CommandGateway commands, QueryGateway queries) {
        this.commands = commands;
        this.queries = queries;
    }

    public record AccountJson(@Schema(example = "987654321098765432") String playerId,
                              @Schema(example = "account:user:987654321098765432") String accountId,
                              @Schema(example = "1450") long balance, @Schema(example = "0") long held,
                              @Schema(example = "1450") long available, @Schema(example = "free") String tier,
                              @Schema(example = "none") String subscriptionStatus, Instant periodEnd,
                              @Schema(example = "2026-12-01T09:30:12.123Z") Instant createdAt) {
        public static AccountJson of(PlayerAccount a) {
            return new AccountJson(a.playerId().value(), a.accountId().value(), a.balance().value(), a.held().value(),
                    a.available().value(), a.tier(), a.subscriptionStatus(), a.periodEnd(), a.createdAt());
        }
    }

    public record StatsJson(String playerId, long balance, long earned, long spent, long servers, long activeServers,
                            double serverHours, long conversions, long conversionsCredited) {
    }

    public record MovementJson(long sequence, String kind, String reason, long amount, long balanceAfter, long heldAfter,
                               String idempotencyKey, String actor, String counterpart, Instant occurredAt) {
        static MovementJson of(MovementEntry m) {
            return new MovementJson(m.sequence(), m.kind().name(), m.reason().name(), m.amount().value(),
                    m.balanceAfter().value(), m.heldAfter().value(), m.idempotencyKey(), m.actor(), m.counterpart(), m.occurredAt());
        }
    }

    public record SubscriptionJson(String playerId, String tier, String status, Instant periodEnd, Instant updatedAt) {
        static SubscriptionJson of(SubscriptionView v) {
            return new SubscriptionJson(v.playerId().value(), v.tier(), v.status(), v.periodEnd(), v.updatedAt());
        }
    }

    public record SubscribeRequest(@Schema(example = "premium", allowableValues = {"premium", "premium_plus"}) String tier) {
    }

    @GetMapping
    @RequiresScope(ApiScope.READ_STATS)
    @Operation(summary = "My account", description = "The key owner's player id, wallet (balance, held, available), tier "
            + "and subscription status, and when the wallet saw its first movement (null if never).")
    public AccountJson me(@Parameter(hidden = true) @AuthenticationPrincipal ApiKeyPrincipal caller) {
        return account(queries, caller.owner());
    }

    @GetMapping("/stats")
    @RequiresScope(ApiScope.READ_STATS)
    @Operation(summary = "My statistics", description = "earned: every credit received; spent: every debit, transfer out "
            + "and captured hold; servers ever requested and active now; running time in hours; ad conversions recorded "
            + "and credited.")
    public StatsJson stats(@Parameter(hidden = true) @AuthenticationPrincipal ApiKeyPrincipal caller) {
        PlayerStats s = queries.query(new FindPlayerStats(caller.owner()), PlayerStats.class).join();
        return new StatsJson(s.playerId().value(), s.balance().value(), s.earned().value(), s.spent().value(), s.servers(),
                s.activeServers(), Math.round(s.serverSeconds() / 36.0) / 100.0, s.conversions(), s.conversionsCredited());
    }

    @GetMapping("/movements")
    @RequiresScope(ApiScope.READ_STATS)
    @Operation(summary = "My ledger", description = "Every movement of my wallet, newest first. Page with limit (1-100, "
            + "default 20) and the nextCursor of the previous page. Filters: kind (CREDIT, DEBIT, TRANSFER_OUT, HOLD, "
            + "CAPTURE, RELEASE), reason (e.g. AD_REWARD, SERVER_COST), from (inclusive) and to (exclusive) as ISO-8601 instants.")
    public Page<MovementJson> movements(@Parameter(hidden = true) @AuthenticationPrincipal ApiKeyPrincipal caller,
                                        @RequestParam(required = false) String limit,
                                        @RequestParam(required = false) String cursor,
                                        @RequestParam(required = false) String kind,
                                        @RequestParam(required = false) String reason,
                                        @RequestParam(required = false) String from,
                                        @RequestParam(required = false) String to) {
        return movements(queries, caller.account(), limit, cursor, kind, reason, from, to);
    }

    @GetMapping("/subscription")
    @RequiresScope(ApiScope.READ_STATS)
    @Operation(summary = "My subscription", description = "status: none, pending_payment, active, cancelled (active until "
            + "periodEnd) or expired.")
    public SubscriptionJson subscription(@Parameter(hidden = true) @AuthenticationPrincipal ApiKeyPrincipal caller) {
        return SubscriptionJson.of(queries.query(new FindSubscription(caller.owner()), SubscriptionView.class).join());
    }

    @PostMapping("/subscription")
    @RequiresScope(ApiScope.WRITE_SERVERS)
    @Operation(summary = "Subscribe to a paid tier", description = "tier: premium or premium_plus. The first month is "
            + "charged from the wallet by the billing process, then every month until cancelled; GET the subscription to "
            + "see it active. 409 ALREADY_SUBSCRIBED or PAYMENT_PENDING change nothing, so a repeat never pays twice. "
            + "Send an Idempotency-Key to get the first answer back on a retry.")
    public ResponseEntity<SubscriptionJson> subscribe(@Parameter(hidden = true) @AuthenticationPrincipal ApiKeyPrincipal caller,
                                                      @RequestBody SubscribeRequest body) {
        if (body == null || body.tier() == null || body.tier().isBlank()) {
            throw new DomainException(CommonError.INVALID_ARGUMENT, "tier is required: premium or premium_plus");
        }
        commands.sendAndWait(new Subscribe(SubscriptionId.ofPlayer(caller.owner()), body.tier().strip().toLowerCase(Locale.ROOT),
                caller.actor()));
        return ResponseEntity.accepted().body(subscription(caller));
    }

    @DeleteMapping("/subscription")
    @RequiresScope(ApiScope.WRITE_SERVERS)
    @Operation(summary = "Cancel my subscription", description = "Stops renewing; the paid month runs to its end. "
            + "409 NOT_SUBSCRIBED without a subscription.")
    public SubscriptionJson cancel(@Parameter(hidden = true) @AuthenticationPrincipal ApiKeyPrincipal caller) {
        try {
            commands.sendAndWait(new CancelSubscription(SubscriptionId.ofPlayer(caller.owner()), caller.actor()));
        } catch (RuntimeException e) {
            if (Failures.isNotFound(e)) {
                throw new DomainException(SubscriptionError.NOT_SUBSCRIBED, "there is no subscription to cancel");
            }
            throw e;
        }
        return subscription(caller);
    }

    /** A player's account as the API shows it (here for the owner, in the admin API for anyone). */
    public static AccountJson account(QueryGateway queries, PlayerId player) {
        return AccountJson.of(queries.query(new FindPlayerAccount(player), PlayerAccount.class).join());
    }

    /** A page of an account's movements, filters parsed and checked (here for the owner, in the admin API for anyone). */
    public static Page<MovementJson> movements(QueryGateway queries, AccountId account, String limit, String cursor, String kind,
                                               String reason, String from, String to) {
        PageRequest page = PageRequest.of(limit, cursor).expectParts(1);
        FindAccountMovements query = new FindAccountMovements(account, QueryParams.enumValue(MovementKind.class, "kind", kind),
                QueryParams.enumValue(MovementReason.class, "reason", reason), QueryParams.instant("from", from),
                QueryParams.instant("to", to),
                page.afterLong(0), page.fetchSize());
        MovementPage result = queries.query(query, MovementPage.class).join();
        return Page.of(result.movements(), page, m -> new Object[]{m.sequence()}, MovementJson::of);
    }
}
