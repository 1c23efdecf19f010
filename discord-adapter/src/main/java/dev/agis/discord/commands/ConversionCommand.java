package dev.agis.discord.commands;

import dev.agis.discord.CommandInput;
import dev.agis.discord.CommandRefused;
import dev.agis.discord.DiscordProperties;
import dev.agis.discord.Reply;
import dev.agis.discord.SlashCommand;
import dev.agis.domain.common.Actor;
import dev.agis.domain.common.DomainException;
import dev.agis.domain.common.Failures;
import dev.agis.domain.conversion.ConversionCommands.ApproveConversion;
import dev.agis.domain.conversion.ConversionCommands.RejectConversion;
import dev.agis.domain.conversion.ConversionError;
import dev.agis.domain.conversion.ConversionId;
import dev.agis.domain.conversion.ConversionQueries.ConversionView;
import dev.agis.domain.conversion.ConversionQueries.FindFlaggedConversions;
import dev.agis.domain.conversion.ConversionQueries.FlaggedConversions;
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
import java.util.Locale;

/**
 * {@code /conversion flagged|approve|reject}: operators review the conversions the fraud rules
 * held back. Approving credits the player (once: the conversion's reward key); rejecting keeps
 * the credits back for good. Operator guild, Manage Server. The decision's actor is
 * {@code admin:<userId>}: the Conversion aggregate accepts decisions from admins only.
 */
@Component
public class ConversionCommand implements SlashCommand {

    private static final int LIMIT = 20;

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final DiscordProperties properties;

    public ConversionCommand(CommandGateway commands, QueryGateway queries, DiscordProperties properties) {
        this.commands = commands;
        this.queries = queries;
        this.properties = properties;
    }

    @Override
    public boolean operatorOnly() {
        return true;
    }

    @Override
    public SlashCommandData definition() {
        return Operators.slash("conversion", "Operators: review conversions the fraud rules flagged")
                .addSubcommands(new SubcommandData("flagged", "Conversions waiting for a decision"),
                        decision("approve", "Credit a flagged conversion"),
                        decision("reject", "Keep a flagged conversion uncredited for good"));
    }

    private static SubcommandData decision(String name, String description) {
        return new SubcommandData(name, description)
                .addOptions(new OptionData(OptionType.STRING, "conversion", "The transaction id", true).setAutoComplete(true),
                        new OptionData(OptionType.STRING, "note", "Why (kept in the audit trail)", false).setMaxLength(200));
    }

    @Override
    public Reply handle(CommandInput input) {
        Operators.require(input, properties);
        String sub = input.subcommand() == null ? "" : input.subcommand();
        return switch (sub) {
            case "flagged" -> flagged();
            case "approve" -> decide(input, true);
            case "reject" -> decide(input, false);
            default -> throw CommandRefused.badOption("Unknown subcommand '" + sub + "'.");
        };
    }

    @Override
    public List<Command.Choice> autocomplete(CommandInput input, String option, String typed) {
        String needle = typed == null ? "" : typed.toLowerCase(Locale.ROOT);
        return flaggedConversions().stream()
                .map(c -> transactionId(c.conversionId()))
                .filter(tx -> tx.toLowerCase(Locale.ROOT).contains(needle))
                .limit(25)
                .map(tx -> new Command.Choice(tx, tx))
                .toList();
    }

    private Reply flagged() {
        List<ConversionView> flagged = flaggedConversions();
        if (flagged.isEmpty()) {
            return Reply.info("Flagged conversions", "Nothing waits for a decision.");
        }
        Reply reply = Reply.info("Flagged conversions", "Oldest decisions first; `/conversion approve|reject` decides.");
        for (ConversionView c : flagged) {
            reply = reply.field("`" + transactionId(c.conversionId()) + "`", "<@" + c.playerId() + "> · " + Format.credits(c.reward())
                    + " · " + String.join(", ", c.flagReasons()), false);
        }
        return reply;
    }

    private Reply decide(CommandInput input, boolean approve) {
        String raw = input.requiredOption("conversion");
        ConversionId id;
        try {
            id = raw.startsWith("conversion:") ? ConversionId.of(raw) : ConversionId.ayet(raw);
        } catch (DomainException e) {
            throw CommandRefused.badOption("conversion must be a transaction id from `/conversion flagged`, was '" + raw + "'.");
        }
        String note = input.option("note") == null ? "decided on Discord" : input.option("note");
        // the Conversion aggregate takes decisions from admins only; an operator is one
        Actor admin = Actor.admin(input.userId());
        try {
            commands.sendAndWait(approve ? new ApproveConversion(id, admin, note) : new RejectConversion(id, admin, note));
        } catch (RuntimeException e) {
            if (Failures.isNotFound(e)) {
                throw new DomainException(ConversionError.CONVERSION_NOT_FOUND, "no conversion " + raw);
            }
            throw e;
        }
        return approve
                ? Reply.success("Conversion approved", "The player is credited within seconds.").field("Conversion", "`" + raw + "`", false)
                : Reply.success("Conversion rejected", "It stays uncredited.").field("Conversion", "`" + raw + "`", false);
    }

    private List<ConversionView> flaggedConversions() {
        return queries.query(new FindFlaggedConversions(LIMIT), FlaggedConversions.class).join().conversions();
    }

    private static String transactionId(ConversionId id) {
        return id.value().startsWith("conversion:ayet:") ? id.value().substring("conversion:ayet:".length()) : id.value();
    }
}
