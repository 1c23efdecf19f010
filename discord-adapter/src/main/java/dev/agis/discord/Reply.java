package dev.agis.discord;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What a command answers, independent of JDA: one embed, whether only the user sees it,
 * optionally a confirmation whose action runs when the user clicks Confirm, and optionally a file.
 * Rendered by {@link ReplyRenderer}.
 */
public record Reply(Tone tone, String title, String description, List<Field> fields, boolean ephemeral,
                    Confirmation confirmation, Attachment attachment) {

    public enum Tone { INFO, SUCCESS, WARNING, ERROR }

    public record Field(String name, String value, boolean inline) {
    }

    /**
     * Paying or destroying: the user sees {@code title}/{@code description} with Confirm and
     * Cancel; Confirm runs {@code action} once, however often it is clicked.
     */
    public record Confirmation(String confirmLabel, Supplier<Reply> action) {
    }

    /** A file sent with the reply, e.g. the player's data export. */
    public record Attachment(String fileName, byte[] content) {

        public Attachment {
            Objects.requireNonNull(fileName, "fileName");
            content = content.clone();
        }

        @Override
        public byte[] content() {
            return content.clone();
        }
    }

    public Reply {
        Objects.requireNonNull(tone, "tone");
        Objects.requireNonNull(title, "title");
        fields = List.copyOf(fields);
    }

    public Reply(Tone tone, String title, String description, List<Field> fields, boolean ephemeral, Confirmation confirmation) {
        this(tone, title, description, fields, ephemeral, confirmation, null);
    }

    public static Reply info(String title, String description) {
        return new Reply(Tone.INFO, title, description, List.of(), false, null);
    }

    public static Reply success(String title, String description) {
        return new Reply(Tone.SUCCESS, title, description, List.of(), false, null);
    }

    public static Reply error(String title, String description) {
        return new Reply(Tone.ERROR, title, description, List.of(), true, null);
    }

    /** Asks before paying or destroying; only the user sees the question. */
    public static Reply confirm(String title, String description, String confirmLabel, Supplier<Reply> action) {
        return new Reply(Tone.WARNING, title, description, List.of(), true, new Confirmation(confirmLabel, action));
    }

    public Reply field(String name, String value) {
        return field(name, value, true);
    }

    public Reply field(String name, String value, boolean inline) {
        List<Field> more = new ArrayList<>(fields);
        more.add(new Field(name, value == null || value.isBlank() ? "—" : value, inline));
        return new Reply(tone, title, description, more, ephemeral, confirmation, attachment);
    }

    public Reply privately() {
        return new Reply(tone, title, description, fields, true, confirmation, attachment);
    }

    public Reply withFile(String fileName, byte[] content) {
        return new Reply(tone, title, description, fields, ephemeral, confirmation, new Attachment(fileName, content));
    }
}
