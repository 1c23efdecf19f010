package dev.agis.discord;

import net.dv8tion.jda.api.interactions.commands.Command;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;

import java.util.List;

/**
 * One slash command: its definition for Discord, and the translation of options into domain
 * commands or queries and of the outcome into a {@link Reply}. Errors are thrown
 * ({@code DomainException}, {@link CommandRefused}) and turned into replies in one place.
 * Implementations are Spring beans; {@link InteractionListener} finds them by name.
 */
public interface SlashCommand {

    SlashCommandData definition();

    /** Where the command is registered: everywhere, or only in the operator guild. */
    default boolean operatorOnly() {
        return false;
    }

    /**
     * Whether every answer is for the user only, so that even a deferral ("thinking…") is ephemeral
     * and nobody else sees that the command was run (e.g. {@code /apikey}, whose answer holds a secret).
     */
    default boolean answersPrivately() {
        return false;
    }

    Reply handle(CommandInput input);

    /** Suggestions for an option marked for autocompletion, at most 25. */
    default List<Command.Choice> autocomplete(CommandInput input, String option, String typed) {
        return List.of();
    }

    default String name() {
        return definition().getName();
    }
}
