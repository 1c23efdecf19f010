package dev.agis.discord.commands;

import dev.agis.discord.CommandInput;
import dev.agis.discord.Reply;
import dev.agis.discord.SlashCommand;
import dev.agis.domain.account.AccountCommands.TransferCredits;
import dev.agis.domain.account.AccountId;
import dev.agis.domain.account.MovementOutcome;
import dev.agis.domain.common.Credits;
import net.dv8tion.jda.api.interactions.InteractionContextType;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.interactions.commands.build.OptionData;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Component;

/**
 * {@code /contribute amount:}: moves credits from the user's wallet to this guild's treasury,
 * after a confirmation. The transfer's key is the interaction's, so it happens once.
 */
@Component
public class ContributeCommand implements SlashCommand {

    private final CommandGateway commands;

    public ContributeCommand(CommandGateway commands) {
        this.commands = commands;
    }

    @Override
    public SlashCommandData definition() {
        return Commands.slash("contribute", "Give GameCredits from your wallet to this guild's treasury")
                .setContexts(InteractionContextType.GUILD)
                .addOptions(new OptionData(OptionType.INTEGER, "amount", "How many GC to give", true).setMinValue(1));
    }

    @Override
    public Reply handle(CommandInput input) {
        String guild = input.requireGuild();
        Credits amount = input.amount("amount");
        AccountId treasury = AccountId.guild(guild);
        return Reply.confirm("Contribute " + Format.credits(amount) + "?",
                Format.credits(amount) + " leave your wallet for this guild's treasury. Contributions are not refunded.",
                "Contribute", () -> {
                    MovementOutcome outcome = commands.sendAndWait(new TransferCredits(input.wallet(), treasury, amount,
                            input.idempotencyKey(), input.actor()));
                    return Reply.success("Contributed " + Format.credits(amount), "Thank you! The treasury funds the guild's servers.")
                            .field("Your available balance", Format.credits(outcome.availableAfter()));
                });
    }
}
