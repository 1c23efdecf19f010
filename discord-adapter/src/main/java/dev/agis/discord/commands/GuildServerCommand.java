package dev.agis.discord.commands;

import dev.agis.discord.CommandInput;
import dev.agis.discord.CommandRefused;
import dev.agis.discord.Reply;
import dev.agis.discord.SlashCommand;
import dev.agis.domain.account.AccountId;
import dev.agis.domain.account.AccountKind;
import dev.agis.domain.account.AccountQueries.AccountBalance;
import dev.agis.domain.account.AccountQueries.FindAccountBalance;
import dev.agis.domain.common.Credits;
import dev.agis.domain.common.DomainException;
import dev.agis.domain.server.ServerCommands.RequestServer;
import dev.agis.domain.server.ServerCommands.TerminateServer;
import dev.agis.domain.server.ServerError;
import dev.agis.domain.server.ServerId;
import dev.agis.domain.server.ServerQueries.FindServer;
import dev.agis.domain.server.ServerQueries.FindServerTemplates;
import dev.agis.domain.server.ServerQueries.FindServersByOwner;
import dev.agis.domain.server.ServerQueries.ServerPage;
import dev.agis.domain.server.ServerQueries.ServerTemplates;
import dev.agis.domain.server.ServerQueries.ServerView;
import dev.agis.domain.server.ServerTemplate;
import net.dv8tion.jda.api.interactions.InteractionContextType;
import net.dv8tion.jda.api.interactions.commands.Command;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.interactions.commands.build.OptionData;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;
import net.dv8tion.jda.api.interactions.commands.build.SubcommandData;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * {@code /guild-server templates|create|list|terminate|treasury|info}: servers paid from this
 * guild's treasury. Anyone in the guild may look; create and terminate need Manage Server and ask
 * first. Prices are the catalog's as the core charges them.
 */
@Component
public class GuildServerCommand implements SlashCommand {

    private final CommandGateway commands;
    private final QueryGateway queries;

    public GuildServerCommand(CommandGateway commands, QueryGateway queries) {
        this.commands = commands;
        this.queries = queries;
    }

    @Override
    public SlashCommandData definition() {
        return Commands.slash("guild-server", "Servers paid from this guild's treasury")
                .setContexts(InteractionContextType.GUILD)
                .addSubcommands(
                        new SubcommandData("templates", "What the treasury can run and what it costs"),
                        new SubcommandData("create", "Rent a guild server from the treasury (Manage Server)")
                                .addOptions(new OptionData(OptionType.STRING, "template", "Which game and size", true).setAutoComplete(true),
                                        new OptionData(OptionType.STRING, "name", "A name for it", false).setMaxLength(48)),
                        new SubcommandData("list", "This guild's servers"),
                        new SubcommandData("terminate", "Delete a guild server for good (Manage Server)")
                                .addOptions(new OptionData(OptionType.STRING, "server", "Which guild server", true).setAutoComplete(true)),
                        new SubcommandData("treasury", "The guild treasury's balance"),
                        new SubcommandData("info", "State and address of a guild server")
                                .addOptions(new OptionData(OptionType.STRING, "server", "Which guild server", true).setAutoComplete(true)));
    }

    @Override
    public Reply handle(CommandInput input) {
        AccountId treasury = AccountId.guild(input.requireGuild());
        String sub = input.subcommand() == null ? "" : input.subcommand();
        return switch (sub) {
            case "templates" -> templates();
            case "create" -> create(input, treasury);
            case "list" -> list(treasury);
            case "terminate" -> terminate(input, treasury);
            case "treasury" -> treasury(treasury);
            case "info" -> info(input, treasury);
            default -> throw CommandRefused.badOption("Unknown subcommand '" + sub + "'.");
        };
    }

    @Override
    public List<Command.Choice> autocomplete(CommandInput input, String option, String typed) {
        if ("template".equals(option)) {
            return ServerReplies.templateChoices(guildTemplates(), AccountKind.GUILD, typed);
        }
        if ("server".equals(option) && input.guildId() != null) {
            return ServerReplies.serverChoices(servers(AccountId.guild(input.guildId())), typed);
        }
        return List.of();
    }

    private Reply templates() {
        Reply reply = Reply.info("Guild server templates", "Paid per started hour from the treasury; `/guild-server create` rents one.");
        for (ServerTemplate t : guildTemplates().stream().limit(25).toList()) {
            reply = reply.field(t.name() + (t.size() == null ? "" : " " + t.size()) + " (`" + t.id() + "`)", ServerReplies.price(t, AccountKind.GUILD));
        }
        return reply;
    }

    private Reply create(CommandInput input, AccountId treasury) {
        input.requireManageServer();
        String templateId = input.requiredOption("template");
        ServerTemplate template = queries.query(new FindServerTemplates(), ServerTemplates.class).join().templates().stream()
                .filter(t -> t.id().equals(templateId)).findFirst()
                .orElseThrow(() -> new DomainException(ServerError.TEMPLATE_NOT_FOUND, "no server template '" + templateId + "'"));
        String name = input.option("name") == null ? template.id() : input.option("name");
        Credits first = template.priceFor(AccountKind.GUILD).firstPeriod();
        ServerId id = ServerCommand.serverIdFor(input);
        return Reply.confirm("Rent " + template.name() + " for the guild for " + Format.credits(first) + "?",
                ServerReplies.rentTerms(template, AccountKind.GUILD, " of the treasury"),
                "Rent it", () -> {
                    commands.sendAndWait(new RequestServer(id, treasury, template.id(), name, true, input.actor()));
                    return Reply.success("Guild server requested", "**" + name + "** is starting; `/guild-server info` shows its address.")
                            .field("Server", "`" + id.uuid() + "`", false)
                            .field("Held from the treasury", Format.credits(first));
                });
    }

    private Reply list(AccountId treasury) {
        return ServerReplies.list("Guild servers", "This guild has no servers yet. `/guild-server templates` shows what it can rent.",
                servers(treasury));
    }

    private Reply terminate(CommandInput input, AccountId treasury) {
        input.requireManageServer();
        ServerView s = owned(treasury, ServerCommand.parseId(input.requiredOption("server")));
        return Reply.confirm("Terminate the guild server " + s.name() + "?",
                "The server is deleted for good; the started hour is not refunded.", "Terminate",
                () -> ServerCommand.send("Terminated", "**" + s.name() + "** is gone.", s.serverId(),
                        () -> commands.sendAndWait(new TerminateServer(s.serverId(), treasury, input.actor()))));
    }

    private Reply treasury(AccountId treasury) {
        AccountBalance balance = queries.query(new FindAccountBalance(treasury), AccountBalance.class).join();
        return Reply.info("Guild treasury", "Members add to it with `/contribute`.")
                .field("Balance", Format.credits(balance.balance()))
                .field("Held", Format.credits(balance.held()))
                .field("Available", Format.credits(balance.available()));
    }

    private Reply info(CommandInput input, AccountId treasury) {
        ServerView s = owned(treasury, ServerCommand.parseId(input.requiredOption("server")));
        return ServerReplies.info(s);
    }

    private ServerView owned(AccountId treasury, ServerId id) {
        ServerView view = queries.query(new FindServer(id), ServerView.class).join();
        if (view == null) {
            throw new DomainException(ServerError.SERVER_NOT_FOUND, "no server " + id.uuid());
        }
        if (!view.owner().equals(treasury)) {
            throw new DomainException(ServerError.NOT_OWNER, "server " + id.uuid() + " does not belong to this guild");
        }
        return view;
    }

    private List<ServerView> servers(AccountId treasury) {
        return queries.query(new FindServersByOwner(treasury, null, null, null, 20), ServerPage.class).join().servers();
    }

    private List<ServerTemplate> guildTemplates() {
        return queries.query(new FindServerTemplates(), ServerTemplates.class).join().templates().stream()
                .filter(t -> "guild".equals(t.kind()) || t.guildOnly())
                .toList();
    }
}
