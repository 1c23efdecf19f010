package dev.agis.discord.commands;

import dev.agis.discord.CommandInput;
import dev.agis.discord.CommandRefused;
import dev.agis.discord.Reply;
import dev.agis.discord.SlashCommand;
import dev.agis.domain.common.PlayerId;
import dev.agis.domain.privacy.PrivacyCommands.ErasePersonalData;
import dev.agis.domain.privacy.PrivacyQueries.ExportPersonalData;
import dev.agis.domain.privacy.PrivacyQueries.PersonalDataExport;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;
import net.dv8tion.jda.api.interactions.commands.build.SubcommandData;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;

/**
 * {@code /mydata export|erase}: the user's own personal data (SPEC §2.8). The export is the same
 * document as {@code agis privacy export} and the API's, as an ephemeral JSON file; the erasure asks
 * first and sends the same command as {@code agis privacy erase}, with the user as actor.
 */
@Component
public class MyDataCommand implements SlashCommand {

    /** Below Discord's smallest upload limit for bots (10 MiB), with room for the message around it. */
    static final int MAX_FILE_BYTES = 8 * 1024 * 1024;

    private final CommandGateway commands;
    private final QueryGateway queries;

    public MyDataCommand(CommandGateway commands, QueryGateway queries) {
        this.commands = commands;
        this.queries = queries;
    }

    @Override
    public SlashCommandData definition() {
        return Commands.slash("mydata", "Your personal data in AGIS")
                .addSubcommands(new SubcommandData("export", "Everything AGIS holds about you, as a JSON file only you see"),
                        new SubcommandData("erase", "Erase your personal data (asks first; cannot be undone)"));
    }

    @Override
    public Reply handle(CommandInput input) {
        String sub = input.subcommand() == null ? "" : input.subcommand();
        PlayerId player = input.player();
        return switch (sub) {
            case "export" -> export(player);
            case "erase" -> Reply.confirm("Erase your personal data?",
                    "AGIS deletes the key your personal data is encrypted with: the details of your ad offers and "
                            + "where they came from read as [erased] everywhere, for good. Your balance, servers and the "
                            + "amounts in the books stay. This cannot be undone.",
                    "Erase", () -> {
                        int request = commands.sendAndWait(ErasePersonalData.of(player, input.actor()));
                        return (request == 1
                                ? Reply.success("Personal data erased", "Your data key is deleted: every personal field AGIS "
                                        + "stored about you now reads as [erased]. `/mydata export` shows what remains.")
                                : Reply.info("Already erased", "An earlier request had erased your personal data; this "
                                        + "request is recorded too and there was nothing new to erase."))
                                .field("Request", "#" + request).privately();
                    });
            default -> throw CommandRefused.badOption("Unknown subcommand '" + sub + "'.");
        };
    }

    private Reply export(PlayerId player) {
        PersonalDataExport export = queries.query(new ExportPersonalData(player), PersonalDataExport.class).join();
        byte[] file = export.json().getBytes(StandardCharsets.UTF_8);
        if (file.length > MAX_FILE_BYTES) {
            throw new CommandRefused("EXPORT_TOO_LARGE", "Your export is " + file.length / (1024 * 1024)
                    + " MiB, more than Discord takes as a file.",
                    "Fetch it with an API key (GET /api/v1/users/me/data) or ask an operator for `agis privacy export`.");
        }
        return Reply.success("Your data", "Everything AGIS holds about you is attached as JSON: your events, consent "
                        + "history, erasures and every stored row that names you. Only you see this message.")
                .withFile("agis-data-" + player.value() + ".json", file).privately();
    }
}
