package dev.agis.discord.commands;

import dev.agis.discord.CommandInput;
import dev.agis.discord.CommandRefused;
import dev.agis.discord.DiscordProperties;

/** The admin model of commands that change AGIS for everyone: the operator guild, Manage Server. */
final class Operators {

    private Operators() {
    }

    static void require(CommandInput input, DiscordProperties properties) {
        String admin = properties.adminGuildId();
        if (admin.isBlank() || !admin.equals(input.guildId())) {
            throw new CommandRefused("OPERATOR_GUILD_ONLY", "This command works only in the AGIS operator guild.",
                    "Ask an AGIS operator.");
        }
        input.requireManageServer();
    }
}
