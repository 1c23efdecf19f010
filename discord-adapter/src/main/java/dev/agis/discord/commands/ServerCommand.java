package dev.agis.discord.commands;

import dev.agis.discord.CommandInput;
import dev.agis.discord.CommandRefused;
import dev.agis.discord.Reply;
import dev.agis.discord.SlashCommand;
import dev.agis.domain.account.AccountKind;
import dev.agis.domain.common.Credits;
import dev.agis.domain.common.DomainException;
import dev.agis.domain.common.Failures;
import dev.agis.domain.server.ServerCommands.RequestServer;
import dev.agis.domain.server.ServerCommands.RestartServer;
import dev.agis.domain.server.ServerCommands.StartServer;
import dev.agis.domain.server.ServerCommands.StopServer;
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
import net.dv8tion.jda.api.interactions.commands.Command;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.interactions.commands.build.OptionData;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;
import net.dv8tion.jda.api.interactions.commands.build.SubcommandData;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code /server templates|create|list|info|start|stop|restart|terminate}: the user's own game
 * servers, paid from their wallet. Create and start hold credits and terminate destroys, so they ask
 * first; the server id of a create comes from the interaction id, so a repeat asks for the same server.
 */
@Component
public class ServerCommand implements SlashCommand {

    private static final int LIST_LIMIT = 20;

    private final CommandGateway commands;
    private final QueryGateway queries;

    public ServerCommand(CommandGateway commands, QueryGateway queries) {
        this.commands = commands;
        this.queries = queries;
    }

    @Override
    public SlashCommandData definition() {
        return Commands.slash("server", "Your game servers")
                .addSubcommands(
                        new SubcommandData("templates", "What you can run and what it costs"),
                        new SubcommandData("create", "Rent a new game server (holds the first hour)")
                                .addOptions(new OptionData(OptionType.STRING, "template", "Which game and size", true).setAutoComplete(true),
                                        new OptionData(OptionType.STRING, "name", "A name for it (letters, digits, spaces)", false).setMaxLength(48)),
                        new SubcommandData("list", "Your servers"),
                        serverAction("info", "State, address and paid time of a server"),
                        serverAction("start", "Start a stopped server (holds one hour)"),
                        serverAction("stop", "Stop a server (the started hour is not refunded)"),
                        serverAction("restart", "Restart a running server within its paid hour"),
                        serverAction("terminate", "Delete a server for good"));
    }

    private static SubcommandData serverAction(String name, String description) {
        return new SubcommandData(name, description)
                .addOptions(new OptionData(OptionType.STRING, "server", "Which of your servers", true).setAutoComplete(true));
    }

    @Override
    public Reply handle(CommandInput input) {
        String sub = input.subcommand() == null ? "" : input.subcommand();
        return switch (sub) {
            case "templates" -> templates();
            case "create" -> create(input);
            case "list" -> list(input);
            case "info" -> info(input);
            case "start" -> start(input);
            case "stop" -> act(input, "Stopped", "The game server is released; the started hour is not refunded.",
                    id -> new StopServer(id, input.wallet(), input.actor(), "stopped by owner"));
            case "restart" -> act(input, "Restarting", "A new game server replaces the old one within the paid hour; nothing is charged.",
                    id -> new RestartServer(id, input.wallet(), input.actor()));
            case "terminate" -> terminate(input);
            default -> throw CommandRefused.badOption("Unknown subcommand '" + sub + "'.");
        };
    }

    @Override
    public List<Command.Choice> autocomplete(CommandInput input, String option, String typed) {
        if ("template".equals(option)) {
            return ServerReplies.templateChoices(playerTemplates(), AccountKind.USER, typed);
        }
        if ("server".equals(option)) {
            return ServerReplies.serverChoices(own(input), typed);
        }
        return List.of();
    }

    private Reply templates() {
        Reply reply = Reply.info("Server templates", "Pay per started hour from your wallet; `/server create` rents one.");
        for (ServerTemplate t : playerTemplates().stream().limit(25).toList()) {
            reply = reply.field(t.name() + " (`" + t.id() + "`)", ServerReplies.price(t, AccountKind.USER));
        }
        return reply;
    }

    private Reply create(CommandInput input) {
        ServerTemplate template = template(input.requiredOption("template"));
        String name = input.option("name") == null ? template.id() : input.option("name");
        Credits first = template.priceFor(AccountKind.USER).firstPeriod();
        ServerId id = serverIdFor(input);
        return Reply.confirm("Rent " + template.name() + " for " + Format.credits(first) + "?",
                ServerReplies.rentTerms(template, AccountKind.USER, ""),
                "Rent it", () -> {
                    commands.sendAndWait(new RequestServer(id, input.wallet(), template.id(), name, true, input.actor()));
                    return Reply.success("Server requested", "**" + name + "** is starting; `/server info` shows its address once it runs.")
                            .field("Server", "`" + id.uuid() + "`", false)
                            .field("Held", Format.credits(first));
                });
    }

    private Reply list(CommandInput input) {
        return ServerReplies.list("Your servers", "You have no servers yet. `/server templates` shows what you can rent.", own(input));
    }

    private Reply info(CommandInput input) {
        ServerView s = owned(input, parseId(input.requiredOption("server")));
        return ServerReplies.info(s).field("Auto-renew", s.autoRenew() ? "on" : "off");
    }

    private Reply start(CommandInput input) {
        ServerView s = owned(input, parseId(input.requiredOption("server")));
        return Reply.confirm("Start " + s.name() + " for " + Format.credits(s.costPerHour()) + "?",
                "Holds one hour (" + Format.credits(s.costPerHour()) + ") and allocates a new game server.", "Start it",
                () -> send("Starting", "`/server info` shows its address once it runs.", s.serverId(),
                        () -> commands.sendAndWait(new StartServer(s.serverId(), input.wallet(), input.actor()))));
    }

    private Reply terminate(CommandInput input) {
        ServerView s = owned(input, parseId(input.requiredOption("server")));
        return Reply.confirm("Terminate " + s.name() + "?", "The server is deleted for good; the started hour is not refunded.",
                "Terminate", () -> send("Terminated", "**" + s.name() + "** is gone.", s.serverId(),
                        () -> commands.sendAndWait(new TerminateServer(s.serverId(), input.wallet(), input.actor()))));
    }

    private Reply act(CommandInput input, String title, String description, Function<ServerId, Object> command) {
        ServerId id = parseId(input.requiredOption("server"));
        return send(title, description, id, () -> commands.sendAndWait(command.apply(id)));
    }

    /** Runs a command on an existing server; an unknown server becomes SERVER_NOT_FOUND, like over HTTP. */
    static Reply send(String title, String description, ServerId id, Supplier<Object> command) {
        try {
            command.get();
        } catch (RuntimeException e) {
            if (Failures.isNotFound(e)) {
                throw new DomainException(ServerError.SERVER_NOT_FOUND, "no server " + id.uuid());
            }
            throw e;
        }
        return Reply.success(title, description).field("Server", "`" + id.uuid() + "`", false);
    }

    /** The same interaction always asks for the same server: a repeat cannot rent a second one. */
    static ServerId serverIdFor(CommandInput input) {
        return ServerId.of("server:" + UUID.nameUUIDFromBytes(input.idempotencyKey().getBytes(StandardCharsets.UTF_8)));
    }

    private ServerView owned(CommandInput input, ServerId id) {
        ServerView view = queries.query(new FindServer(id), ServerView.class).join();
        if (view == null) {
            throw new DomainException(ServerError.SERVER_NOT_FOUND, "no server " + id.uuid());
        }
        if (!view.owner().equals(input.wallet())) {
            throw new DomainException(ServerError.NOT_OWNER, "server " + id.uuid() + " is not yours");
        }
        return view;
    }

    private List<ServerView> own(CommandInput input) {
        return queries.query(new FindServersByOwner(input.wallet(), null, null, null, LIST_LIMIT), ServerPage.class).join().servers();
    }

    private List<ServerTemplate> playerTemplates() {
        return queries.query(new FindServerTemplates(), ServerTemplates.class).join().templates().stream()
                .filter(t -> "player".equals(t.kind()) && !t.guildOnly())
                .toList();
    }

    private ServerTemplate template(String id) {
        return queries.query(new FindServerTemplates(), ServerTemplates.class).join().templates().stream()
                .filter(t -> t.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new DomainException(ServerError.TEMPLATE_NOT_FOUND, "no server template '" + id + "'"));
    }

    static ServerId parseId(String raw) {
        String value = raw.startsWith("server:") ? raw : "server:" + raw;
        try {
            return ServerId.of(value.toLowerCase(Locale.ROOT));
        } catch (DomainException e) {
            throw CommandRefused.badOption("server must be one of yours (pick it from the list), was '" + raw + "'.");
        }
    }
}
