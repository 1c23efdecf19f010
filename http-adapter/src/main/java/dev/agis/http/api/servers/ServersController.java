package dev.agis.http.api.servers;

import dev.agis.domain.account.AccountId;
import dev.agis.domain.common.CommonError;
import dev.agis.domain.common.DomainException;
import dev.agis.domain.common.Failures;
import dev.agis.domain.server.ServerCommands.RequestServer;
import dev.agis.domain.server.ServerCommands.RestartServer;
import dev.agis.domain.server.ServerCommands.SetAutoRenew;
import dev.agis.domain.server.ServerCommands.StartServer;
import dev.agis.domain.server.ServerCommands.StopServer;
import dev.agis.domain.server.ServerCommands.TerminateServer;
import dev.agis.domain.server.ServerError;
import dev.agis.domain.server.ServerId;
import dev.agis.domain.server.ServerQueries.FindServer;
import dev.agis.domain.server.ServerQueries.FindServersByOwner;
import dev.agis.domain.server.ServerQueries.ServerPage;
import dev.agis.domain.server.ServerQueries.ServerView;
import dev.agis.domain.server.ServerState;
import dev.agis.http.security.ApiKeyPrincipal;
import dev.agis.http.security.RequiresScope;
import dev.agis.http.support.Page;
import dev.agis.http.support.PageRequest;
import dev.agis.domain.apikey.ApiScope;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Instant;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The game servers of the API key's owner: reading needs {@code read:servers}, changing needs
 * {@code write:servers}; commands name the key ({@code apikey:<uuid>}) as their actor. Guild
 * servers are not reachable over HTTP yet (they are requested by commands on behalf of a guild admin).
 */
@RestController
@RequestMapping("/api/v1/servers")
@Tag(name = "Servers")
public class ServersController {

    private final CommandGateway commands;
    private final QueryGateway queries;

    public ServersController(CommandGateway commands, QueryGateway queries) {
        this.commands = commands;
        this.queries = queries;
    }

    public record CreateServerRequest(@Schema(example = "minecraft") String templateId, @Schema(example = "survival") String name,
                                      @Schema(example = "true") Boolean autoRenew) {
    }

    public record ServerJson(String id, String serverId, String ownerId, String templateId, String game, String name,
                             String state, String address, Integer port, int period, Instant paidUntil, boolean autoRenew,
                             long costPerHour, double serverHours, String lastReason, Instant createdAt, Instant updatedAt) {
        static ServerJson of(ServerView v) {
            return new ServerJson(v.serverId().uuid(), v.serverId().value(), v.owner().ownerId(), v.templateId(), v.game(),
                    v.name(), v.state().name().toLowerCase(Locale.ROOT), v.address(), v.port(), v.period(), v.paidUntil(),
                    v.autoRenew(), v.costPerHour(), Math.round(v.serverSeconds() / 36.0) / 100.0, v.lastReason(),
                    v.createdAt(), v.updatedAt());
        }
    }

    public record ActionJson(String id, String serverId, String action, String status) {
    }

    public record AutoRenewRequest(Boolean enabled) {
    }

    @GetMapping
    @RequiresScope(ApiScope.READ_SERVERS)
    @Operation(summary = "My servers", description = "Newest first. Page with limit (1-100, default 20) and the nextCursor "
            + "of the previous page; filter by game and state (requested, running, restarting, stopped, crashed, failed, terminated).")
    public Page<ServerJson> list(@Parameter(hidden = true) @AuthenticationPrincipal ApiKeyPrincipal caller,
                                 @RequestParam(required = false) String limit,
                                 @RequestParam(required = false) String cursor,
                                 @RequestParam(required = false) String game,
                                 @RequestParam(required = false) String state) {
        AccountId me = caller.account();
        PageRequest request = PageRequest.of(limit, cursor).expectParts(1);
        ServerPage page = queries.query(new FindServersByOwner(me, blankToNull(game), parseState(state), request.afterLong(0),
                request.limit()), ServerPage.class).join();
        return new Page<>(page.servers().stream().map(ServerJson::of).toList(),
                page.nextCursor() == null ? null : PageRequest.encode(page.nextCursor()));
    }

    @PostMapping
    @RequiresScope(ApiScope.WRITE_SERVERS)
    @Operation(summary = "Request a server", description = "Holds the first hour (plus the template's setup cost) on the "
            + "caller's wallet and allocates a game server. Answers 201 with state 'requested'; GET the server to see it "
            + "'running' with its address. 402 INSUFFICIENT_FUNDS, 409 CONCURRENT_LIMIT_REACHED, 404 TEMPLATE_NOT_FOUND "
            + "change nothing.")
    public ResponseEntity<ActionJson> create(@Parameter(hidden = true) @AuthenticationPrincipal ApiKeyPrincipal caller,
                                             @RequestBody CreateServerRequest body) {
        AccountId me = caller.account();
        if (body == null || body.templateId() == null) {
            throw new DomainException(CommonError.INVALID_ARGUMENT, "templateId is required");
        }
        ServerId id = ServerId.newId();
        String name = body.name() == null ? body.templateId() : body.name();
        boolean autoRenew = body.autoRenew() == null || body.autoRenew();
        commands.sendAndWait(new RequestServer(id, me, body.templateId(), name, autoRenew, caller.actor()));
        return ResponseEntity.created(URI.create("/api/v1/servers/" + id.uuid()))
                .body(new ActionJson(id.uuid(), id.value(), "create", "requested"));
    }

    @GetMapping("/{id}")
    @RequiresScope(ApiScope.READ_SERVERS)
    @Operation(summary = "One of my servers")
    public ServerJson get(@Parameter(hidden = true) @AuthenticationPrincipal ApiKeyPrincipal caller,
                          @PathVariable String id) {
        AccountId me = caller.account();
        ServerId serverId = parseId(id);
        ServerView view = queries.query(new FindServer(serverId), ServerView.class).join();
        if (view == null) {
            throw new DomainException(ServerError.SERVER_NOT_FOUND, "no server " + serverId);
        }
        if (!view.owner().equals(me)) {
            throw new DomainException(ServerError.NOT_OWNER, me + " does not own server " + serverId);
        }
        return ServerJson.of(view);
    }

    @DeleteMapping("/{id}")
    @RequiresScope(ApiScope.WRITE_SERVERS)
    @Operation(summary = "Terminate a server", description = "Releases the game server for good. The started hour is not refunded.")
    public ActionJson terminate(@Parameter(hidden = true) @AuthenticationPrincipal ApiKeyPrincipal caller,
                                @PathVariable String id) {
        AccountId me = caller.account();
        ServerId serverId = parseId(id);
        send(() -> commands.sendAndWait(new TerminateServer(serverId, me, caller.actor())));
        return new ActionJson(serverId.uuid(), serverId.value(), "terminate", "terminated");
    }

    @PostMapping("/{id}/start")
    @RequiresScope(ApiScope.WRITE_SERVERS)
    @Operation(summary = "Start a stopped or crashed server", description = "Holds one hour and allocates a new game server.")
    public ActionJson start(@Parameter(hidden = true) @AuthenticationPrincipal ApiKeyPrincipal caller,
                            @PathVariable String id) {
        AccountId me = caller.account();
        ServerId serverId = parseId(id);
        send(() -> commands.sendAndWait(new StartServer(serverId, me, caller.actor())));
        return new ActionJson(serverId.uuid(), serverId.value(), "start", "requested");
    }

    @PostMapping("/{id}/stop")
    @RequiresScope(ApiScope.WRITE_SERVERS)
    @Operation(summary = "Stop a running server", description = "Releases the game server. The started hour is not refunded.")
    public ActionJson stop(@Parameter(hidden = true) @AuthenticationPrincipal ApiKeyPrincipal caller,
                           @PathVariable String id) {
        AccountId me = caller.account();
        ServerId serverId = parseId(id);
        send(() -> commands.sendAndWait(new StopServer(serverId, me, caller.actor(), "stopped by owner")));
        return new ActionJson(serverId.uuid(), serverId.value(), "stop", "stopped");
    }

    @PostMapping("/{id}/restart")
    @RequiresScope(ApiScope.WRITE_SERVERS)
    @Operation(summary = "Restart a running server", description = "Replaces the game server within the paid hour; moves no money.")
    public ActionJson restart(@Parameter(hidden = true) @AuthenticationPrincipal ApiKeyPrincipal caller,
                              @PathVariable String id) {
        AccountId me = caller.account();
        ServerId serverId = parseId(id);
        send(() -> commands.sendAndWait(new RestartServer(serverId, me, caller.actor())));
        return new ActionJson(serverId.uuid(), serverId.value(), "restart", "restarting");
    }

    @PutMapping("/{id}/auto-renew")
    @RequiresScope(ApiScope.WRITE_SERVERS)
    @Operation(summary = "Turn auto-renew on or off", description = "Off: the server stops at the end of the paid hour.")
    public ActionJson autoRenew(@Parameter(hidden = true) @AuthenticationPrincipal ApiKeyPrincipal caller,
                                @PathVariable String id, @RequestBody AutoRenewRequest body) {
        AccountId me = caller.account();
        ServerId serverId = parseId(id);
        if (body == null || body.enabled() == null) {
            throw new DomainException(CommonError.INVALID_ARGUMENT, "enabled (true or false) is required");
        }
        send(() -> commands.sendAndWait(new SetAutoRenew(serverId, me, body.enabled(), caller.actor())));
        return new ActionJson(serverId.uuid(), serverId.value(), "auto-renew", body.enabled() ? "on" : "off");
    }

    /** Runs a command on an existing server; an unknown server id becomes SERVER_NOT_FOUND. */
    static void send(Supplier<?> command) {
        try {
            command.get();
        } catch (RuntimeException e) {
            if (Failures.isNotFound(e)) {
                throw new DomainException(ServerError.SERVER_NOT_FOUND, "no such server");
            }
            throw e;
        }
    }

    public static ServerId parseId(String id) {
        return ServerId.of(id != null && id.startsWith("server:") ? id : "server:" + id);
    }

    private static ServerState parseState(String state) {
        if (state == null || state.isBlank()) {
            return null;
        }
        try {
            return ServerState.valueOf(state.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new DomainException(CommonError.INVALID_ARGUMENT, "unknown state '" + state + "'");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
