package dev.agis.discord;

import dev.agis.domain.account.AccountId;
import dev.agis.domain.common.Actor;
import dev.agis.domain.common.Credits;
import dev.agis.domain.common.PlayerId;

import java.util.Map;

/**
 * One slash command as a command class sees it: who asked, where, with which options (as Discord
 * sent them, as strings). Built from a JDA event by {@link InteractionListener}; built directly in
 * tests, so a command class never needs Discord.
 *
 * @param interactionId   Discord's id of this interaction: the idempotency key of what it pays
 * @param userId          the Discord user who ran the command
 * @param guildId         the guild it was run in, null in a direct message
 * @param canManageServer the user has Manage Server in that guild (as Discord computed it for the channel)
 * @param subcommand      e.g. {@code create} of {@code /server create}, null for a command without subcommands
 */
public record CommandInput(String interactionId, String userId, String guildId, boolean canManageServer,
                           String command, String subcommand, Map<String, String> options) {

    public CommandInput {
        options = Map.copyOf(options);
    }

    /** The player running the command. */
    public PlayerId player() {
        return PlayerId.of(userId);
    }

    public AccountId wallet() {
        return AccountId.user(userId);
    }

    /** Who the audit trail names for everything this interaction changes. */
    public Actor actor() {
        return Actor.discord(userId);
    }

    /** The key that makes a retried or double-confirmed interaction pay once. */
    public String idempotencyKey() {
        return "discord:" + interactionId;
    }

    public String option(String name) {
        String value = options.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    public String requiredOption(String name) {
        String value = option(name);
        if (value == null) {
            throw CommandRefused.badOption(name + " is required.");
        }
        return value;
    }

    /** A positive whole number of credits; Discord checks the minimum too, AGIS checks again. */
    public Credits amount(String name) {
        String raw = requiredOption(name);
        long value;
        try {
            value = Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw CommandRefused.badOption(name + " must be a whole number of credits, was '" + raw + "'.");
        }
        if (value <= 0) {
            throw CommandRefused.badOption(name + " must be at least 1 credit, was " + value + ".");
        }
        return Credits.of(value);
    }

    public boolean flag(String name) {
        return "true".equalsIgnoreCase(option(name));
    }

    /** The guild the command runs in; refuses commands that only make sense in a guild. */
    public String requireGuild() {
        if (guildId == null) {
            throw new CommandRefused("GUILD_ONLY", "This command works in a guild, not in a direct message.",
                    "Run it in a channel of your Discord server.");
        }
        return guildId;
    }

    public void requireManageServer() {
        requireGuild();
        if (!canManageServer) {
            throw new CommandRefused("MANAGE_SERVER_REQUIRED", "You need the Manage Server permission in this guild for that.",
                    "Ask a guild admin to run it, or to give you Manage Server.");
        }
    }
}
