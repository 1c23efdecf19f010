package dev.agis.discord;

import net.dv8tion.jda.api.EmbedBuilder;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.entities.MessageEmbed;
import net.dv8tion.jda.api.utils.FileUpload;
import net.dv8tion.jda.api.utils.messages.MessageCreateBuilder;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;
import net.dv8tion.jda.api.utils.messages.MessageEditData;

import java.awt.Color;
import java.time.Duration;
import java.util.List;

/** Turns a {@link Reply} into a Discord message: one embed, Confirm/Cancel buttons for a confirmation, a file if it has one. */
public final class ReplyRenderer {

    public static final String CONFIRM = "agis:confirm:";
    public static final String CANCEL = "agis:cancel:";

    private ReplyRenderer() {
    }

    public static MessageEmbed embed(Reply reply, Duration confirmTimeout) {
        EmbedBuilder embed = new EmbedBuilder()
                .setTitle(truncate(reply.title(), MessageEmbed.TITLE_MAX_LENGTH))
                .setColor(color(reply.tone()));
        if (reply.description() != null) {
            embed.setDescription(truncate(reply.description(), MessageEmbed.DESCRIPTION_MAX_LENGTH));
        }
        reply.fields().stream().limit(25).forEach(f -> embed.addField(truncate(f.name(), MessageEmbed.TITLE_MAX_LENGTH),
                truncate(f.value(), MessageEmbed.VALUE_MAX_LENGTH), f.inline()));
        if (reply.confirmation() != null) {
            embed.setFooter("This confirmation expires in " + describe(confirmTimeout) + ".");
        }
        return embed.build();
    }

    /** {@code token} names the confirmation the buttons confirm or cancel. */
    public static MessageCreateData message(Reply reply, String token, Duration confirmTimeout) {
        MessageCreateBuilder message = new MessageCreateBuilder().setEmbeds(List.of(embed(reply, confirmTimeout)));
        if (reply.confirmation() != null) {
            message.setComponents(List.of(ActionRow.of(
                    Button.danger(CONFIRM + token, reply.confirmation().confirmLabel()),
                    Button.secondary(CANCEL + token, "Cancel"))));
        } else {
            message.setComponents(List.of());
        }
        if (reply.attachment() != null) {
            message.setFiles(FileUpload.fromData(reply.attachment().content(), reply.attachment().fileName()));
        }
        return message.build();
    }

    public static MessageEditData edit(Reply reply, String token, Duration confirmTimeout) {
        return MessageEditData.fromCreateData(message(reply, token, confirmTimeout));
    }

    private static Color color(Reply.Tone tone) {
        return switch (tone) {
            case INFO -> new Color(0x5865F2);
            case SUCCESS -> new Color(0x57F287);
            case WARNING -> new Color(0xFEE75C);
            case ERROR -> new Color(0xED4245);
        };
    }

    private static String describe(Duration d) {
        return d.toSeconds() % 60 == 0 ? d.toMinutes() + " min" : d.toSeconds() + " s";
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
