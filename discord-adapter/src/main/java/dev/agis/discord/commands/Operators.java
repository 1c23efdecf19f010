package dev.agis.discord.commands;

import dev.agis.discord.CommandInput;
import dev.agis.discord.CommandRefused;
import dev.agis.discord.DiscordProperties;

/** The admin model of commands that change AGIS for everyone: the operator guild, Manage Server. */
final class Operators {

    private Operators() {
    }

    static void require(CommandInput input, DiscordProperties properties) {
        if (!inOperatorGuild(input, properties)) {
            throw new CommandRefused("OPERATOR_GUILD_ONLY", "This command works only in the AGIS operator guild.",
                    "Ask an AGIS operator.");
        }
        input.requireManageServer();
    }

    /** Whether the user acts as an operator here (for what only operators may grant, without refusing others). */
    static boolean allowed(CommandInput input, DiscordProperties properties) {
        return inOperatorGuild(input, properties) && input.canManageServer();
    }

    private static boolean inOperatorGuild(CommandInput input, DiscordProperties properties) {
        String admin = properties.adminGuildId();
        return !admin.isBlank() && admin.equals(input.guildId());
    }
}
