package dev.agis.discord.commands;

import dev.agis.discord.CommandInput;
import dev.agis.discord.CommandRefused;
import dev.agis.discord.DiscordProperties;
import dev.agis.discord.Reply;
import dev.agis.discord.SlashCommand;
import dev.agis.domain.account.AccountCommands.CreditAccount;
import dev.agis.domain.account.AccountId;
import dev.agis.domain.account.MovementOutcome;
import dev.agis.domain.account.MovementReason;
import dev.agis.domain.common.Credits;
import dev.agis.domain.common.PlayerId;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.interactions.commands.build.OptionData;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Component;

/**
 * {@code /grant user: amount: reason:}: credits a player's wallet (reason {@code ADMIN_GRANT}).
 * Operator guild only, members with Manage Server only; the reason is kept as the movement's
 * counterpart, so the audit trail says why.
 */
@Component
public class GrantCommand implements SlashCommand {

    private static final int MAX_REASON = 200;

    private final CommandGateway commands;
    private final DiscordProperties properties;

    public GrantCommand(CommandGateway commands, DiscordProperties properties) {
        this.commands = commands;
        this.properties = properties;
    }

    @Override
    public boolean operatorOnly() {
        return true;
    }

    @Override
    public SlashCommandData definition() {
        return Operators.slash("grant", "Operators: give GameCredits to a player")
                .addOptions(new OptionData(OptionType.USER, "user", "Who receives the credits", true),
                        new OptionData(OptionType.INTEGER, "amount", "How many GC", true).setMinValue(1),
                        new OptionData(OptionType.STRING, "reason", "Why (kept in the audit trail)", true).setMaxLength(MAX_REASON));
    }

    @Override
    public Reply handle(CommandInput input) {
        Operators.require(input, properties);
        String user = input.requiredOption("user");
        if (!PlayerId.isValid(user)) {
            throw CommandRefused.badOption("user must be a Discord user.");
        }
        Credits amount = input.amount("amount");
        String reason = input.requiredOption("reason");
        if (reason.length() > MAX_REASON) {
            throw CommandRefused.badOption("reason must be at most " + MAX_REASON + " characters.");
        }
        AccountId wallet = AccountId.user(user);
        return Reply.confirm("Grant " + Format.credits(amount) + " to <@" + user + ">?", "Reason: " + reason, "Grant", () -> {
            MovementOutcome outcome = commands.sendAndWait(new CreditAccount(wallet, amount, MovementReason.ADMIN_GRANT,
                    input.idempotencyKey(), input.actor(), "grant:" + reason));
            return Reply.success("Granted " + Format.credits(amount), "<@" + user + "> received " + Format.credits(amount) + ".")
                    .field("Their balance", Format.credits(outcome.balanceAfter()))
                    .field("Reason", reason, false);
        });
    }
}
