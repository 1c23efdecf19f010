package dev.agis.discord.commands;

import dev.agis.discord.CommandInput;
import dev.agis.discord.CommandRefused;
import dev.agis.discord.DiscordProperties;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.interactions.InteractionContextType;
import net.dv8tion.jda.api.interactions.commands.DefaultMemberPermissions;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;

/** The admin model of commands that change AGIS for everyone: the operator guild, Manage Server. */
final class Operators {

    private Operators() {
    }

    /** An operator command: used in guilds, shown by default to members with Manage Server only. */
    static SlashCommandData slash(String name, String description) {
        return Commands.slash(name, description)
                .setContexts(InteractionContextType.GUILD)
                .setDefaultPermissions(DefaultMemberPermissions.enabledFor(Permission.MANAGE_SERVER));
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
