package dev.agis.discord.commands;

import dev.agis.discord.CommandInput;
import dev.agis.discord.CommandRefused;
import dev.agis.discord.Reply;
import dev.agis.discord.SlashCommand;
import dev.agis.domain.consent.ConsentCommands.GrantConsent;
import dev.agis.domain.consent.ConsentCommands.WithdrawConsent;
import dev.agis.domain.consent.ConsentPurpose;
import dev.agis.domain.consent.ConsentQueries.ConsentPolicy;
import dev.agis.domain.consent.ConsentQueries.CurrentConsent;
import dev.agis.domain.consent.ConsentQueries.FindConsentPolicy;
import dev.agis.domain.consent.ConsentQueries.FindCurrentConsent;
import dev.agis.domain.consent.ConsentQueries.PurposeConsent;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.interactions.commands.build.OptionData;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;
import net.dv8tion.jda.api.interactions.commands.build.SubcommandData;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

import java.util.Map;

/**
 * {@code /consent show|grant|withdraw purpose:}: the user's consent per purpose (SPEC §2.8),
 * recorded with channel {@code discord} and the current policy version. Answers only the user:
 * consent is their own business.
 */
@Component
public class ConsentCommand implements SlashCommand {

    static final String CHANNEL = "discord";

    /** What each purpose means to a player, in the words of docs/privacy.md. */
    private static final Map<ConsentPurpose, String> MEANING = Map.of(
            ConsentPurpose.ADS, "keep the details of your ad offers (free text, address), encrypted",
            ConsentPurpose.ANALYTICS, "include you in behavioural statistics",
            ConsentPurpose.NOTIFICATIONS, "send you direct messages about your servers and wallet");

    private final CommandGateway commands;
    private final QueryGateway queries;

    public ConsentCommand(CommandGateway commands, QueryGateway queries) {
        this.commands = commands;
        this.queries = queries;
    }

    @Override
    public SlashCommandData definition() {
        return Commands.slash("consent", "What AGIS may do with your data")
                .addSubcommands(new SubcommandData("show", "Your consent per purpose"),
                        new SubcommandData("grant", "Agree to a purpose").addOptions(purposeOption()),
                        new SubcommandData("withdraw", "Take a consent back").addOptions(purposeOption()));
    }

    private static OptionData purposeOption() {
        OptionData option = new OptionData(OptionType.STRING, "purpose", "Which purpose", true);
        for (ConsentPurpose p : ConsentPurpose.values()) {
            option.addChoice(p.wireName(), p.wireName());
        }
        return option;
    }

    @Override
    public Reply handle(CommandInput input) {
        String sub = input.subcommand() == null ? "" : input.subcommand();
        return switch (sub) {
            case "show" -> show(input);
            case "grant" -> {
                ConsentPurpose purpose = ConsentPurpose.of(input.requiredOption("purpose"));
                String version = queries.query(new FindConsentPolicy(), ConsentPolicy.class).join().version();
                commands.sendAndWait(GrantConsent.of(input.player(), purpose, version, CHANNEL, input.actor()));
                yield Reply.success("Consent granted: " + purpose.wireName(), "AGIS may " + MEANING.get(purpose)
                        + ". `/consent withdraw` takes it back at any time.").field("Policy version", version).privately();
            }
            case "withdraw" -> {
                ConsentPurpose purpose = ConsentPurpose.of(input.requiredOption("purpose"));
                commands.sendAndWait(WithdrawConsent.of(input.player(), purpose, CHANNEL, input.actor()));
                yield Reply.success("Consent withdrawn: " + purpose.wireName(), "From now on AGIS will not "
                        + MEANING.get(purpose) + ".").privately();
            }
            default -> throw CommandRefused.badOption("Unknown subcommand '" + sub + "'.");
        };
    }

    private Reply show(CommandInput input) {
        CurrentConsent current = queries.query(new FindCurrentConsent(input.player()), CurrentConsent.class).join();
        String version = queries.query(new FindConsentPolicy(), ConsentPolicy.class).join().version();
        Reply reply = Reply.info("Your consent", "Current privacy policy: **" + version + "**. Change it with "
                + "`/consent grant` or `/consent withdraw`.").privately();
        for (PurposeConsent p : current.purposes()) {
            String state = p.granted() ? "granted (policy " + p.policyVersion() + ", via " + p.channel() + ", "
                    + Format.time(p.changedAt()) + ")" : p.changedAt() == null ? "never granted"
                    : "withdrawn (via " + p.channel() + ", " + Format.time(p.changedAt()) + ")";
            reply = reply.field(p.purpose().wireName(), state + "\n" + "_" + MEANING.get(p.purpose()) + "_", false);
        }
        return reply;
    }
}
