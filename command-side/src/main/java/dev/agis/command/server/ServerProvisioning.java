package dev.agis.command.server;

import dev.agis.domain.account.AccountCommands.PlaceHold;
import dev.agis.domain.account.AccountId;
import dev.agis.domain.account.AccountKind;
import dev.agis.domain.account.MovementReason;
import dev.agis.domain.common.CommonError;
import dev.agis.domain.common.Credits;
import dev.agis.domain.common.DomainException;
import dev.agis.domain.common.Failures;
import dev.agis.domain.common.PlayerId;
import dev.agis.domain.server.ServerCommands.BeginStart;
import dev.agis.domain.server.ServerCommands.CreateServer;
import dev.agis.domain.server.ServerCommands.RequestServer;
import dev.agis.domain.server.ServerCommands.StartPlan;
import dev.agis.domain.server.ServerCommands.StartServer;
import dev.agis.domain.server.ServerError;
import dev.agis.domain.server.ServerId;
import dev.agis.domain.server.ServerQueries.FindServerTemplates;
import dev.agis.domain.server.ServerQueries.ServerTemplates;
import dev.agis.domain.server.ServerTemplate;
import dev.agis.domain.subscription.PlayerTierQuery.FindPlayerTier;
import dev.agis.domain.subscription.PlayerTierQuery.PlayerTier;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;


/**
 * Requests and starts of servers: the two actions that need money and a concurrent-server slot.
 * Everything happens in the one unit of work and database transaction of the incoming command
 * (the nested ledger and server commands join it): reserve a slot (a row-locked per-owner
 * counter, see docs/adr/0020), hold one period on the owner's account, create/start the server.
 * If any step is refused, nothing of it is stored: no slot taken, no credits held, no server.
 */
@Component
public class ServerProvisioning {

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final ServerSlots slots;
    private final int guildMaxConcurrent;

    public ServerProvisioning(CommandGateway commands, QueryGateway queries, ServerSlots slots,
                              ServerSettings settings) {
        this.commands = commands;
        this.queries = queries;
        this.slots = slots;
        this.guildMaxConcurrent = settings.guildMaxConcurrent();
    }

    @CommandHandler
    public ServerId handle(RequestServer cmd) {
        if (cmd.serverId() == null || cmd.owner() == null || cmd.actor() == null) {
            throw new DomainException(CommonError.INVALID_ARGUMENT, "server id, owner and actor are required");
        }
        GameServer.requireName(cmd.name());
        ServerTemplate template = template(cmd.templateId());
        if (cmd.owner().kind() == AccountKind.USER && (template.guildOnly() || "guild".equals(template.kind()))) {
            throw new DomainException(ServerError.GUILD_ONLY_TEMPLATE,
                    "template '" + template.id() + "' is paid from a guild treasury only");
        }
        slots.reserve(cmd.owner(), cmd.serverId(), limitFor(cmd.owner()));
        String holdId = cmd.serverId().value() + "/period-0";
        Credits first = template.priceFor(cmd.owner().kind()).firstPeriod();
        commands.sendAndWait(new PlaceHold(cmd.owner(), holdId, first, MovementReason.SERVER_COST, cmd.actor(),
                cmd.serverId().value()));
        commands.sendAndWait(new CreateServer(cmd.serverId(), cmd.owner(), template, cmd.name(), cmd.autoRenew(), holdId,
                first, cmd.actor()));
        return cmd.serverId();
    }

    @CommandHandler
    public StartPlan handle(StartServer cmd) {
        if (cmd.serverId() == null || cmd.actor() == null) {
            throw new DomainException(CommonError.INVALID_ARGUMENT, "server id and actor are required");
        }
        StartPlan plan = commands.sendAndWait(new BeginStart(cmd.serverId(), cmd.requester(), cmd.actor()));
        slots.reserve(plan.owner(), plan.serverId(), limitFor(plan.owner()));
        commands.sendAndWait(new PlaceHold(plan.owner(), plan.holdId(), plan.amount(), MovementReason.SERVER_COST, cmd.actor(),
                plan.serverId().value()));
        return plan;
    }

    private ServerTemplate template(String templateId) {
        if (templateId == null || templateId.isBlank()) {
            throw new DomainException(CommonError.INVALID_ARGUMENT, "templateId is required");
        }
        return queries.query(new FindServerTemplates(), ServerTemplates.class).join().templates().stream()
                .filter(t -> t.id().equals(templateId))
                .findFirst()
                .orElseThrow(() -> new DomainException(ServerError.TEMPLATE_NOT_FOUND, "no server template '" + templateId + "'"));
    }

    /** Players: their subscription tier's limit (free when no subscriptions context answers). Guilds: configured. */
    int limitFor(AccountId owner) {
        if (owner.kind() == AccountKind.GUILD) {
            return guildMaxConcurrent;
        }
        try {
            PlayerTier tier = queries.query(new FindPlayerTier(PlayerId.of(owner.ownerId())), PlayerTier.class).join();
            return tier == null ? PlayerTier.FREE.maxConcurrentServers() : tier.maxConcurrentServers();
        } catch (RuntimeException e) {
            if (Failures.isNoHandler(e)) {
                return PlayerTier.FREE.maxConcurrentServers();
            }
            throw e;
        }
    }
}
