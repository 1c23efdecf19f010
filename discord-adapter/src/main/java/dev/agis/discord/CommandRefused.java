package dev.agis.discord;

/**
 * The Discord edge refuses a command before it reaches the core: a bad option, a missing
 * permission, the wrong guild. Domain errors stay {@code DomainException}s; both become an
 * ephemeral reply through {@link ErrorReplies}.
 *
 * @see ErrorReplies
 */
public class CommandRefused extends RuntimeException {

    private final String code;
    private final String hint;

    public CommandRefused(String code, String message, String hint) {
        super(message);
        this.code = code;
        this.hint = hint;
    }

    public static CommandRefused badOption(String message) {
        return new CommandRefused("INVALID_OPTION", message, "Check the option and run the command again.");
    }

    public String code() {
        return code;
    }

    public String hint() {
        return hint;
    }
}
