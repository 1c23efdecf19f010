package dev.agis.discord.commands;

import dev.agis.discord.CommandInput;
import dev.agis.discord.Reply;
import dev.agis.discord.SlashCommand;
import dev.agis.domain.account.AccountId;
import dev.agis.domain.account.AccountQueries.AccountBalance;
import dev.agis.domain.account.AccountQueries.FindAccountBalance;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

/** {@code /balance [guild:true]}: the user's wallet, or this guild's treasury. */
@Component
public class BalanceCommand implements SlashCommand {

    private final QueryGateway queries;

    public BalanceCommand(QueryGateway queries) {
        this.queries = queries;
    }

    @Override
    public SlashCommandData definition() {
        return Commands.slash("balance", "Your GameCredits, or this guild's treasury")
                .addOption(OptionType.BOOLEAN, "guild", "Show this guild's treasury instead of your wallet", false);
    }

    @Override
    public Reply handle(CommandInput input) {
        boolean guild = input.flag("guild");
        AccountId account = guild ? AccountId.guild(input.requireGuild()) : input.wallet();
        AccountBalance balance = queries.query(new FindAccountBalance(account), AccountBalance.class).join();
        return Reply.info(guild ? "Guild treasury" : "Your wallet",
                        guild ? "Credits this guild pooled for shared servers." : "Your GameCredits (GC).")
                .field("Balance", Format.credits(balance.balance()))
                .field("Held", Format.credits(balance.held()))
                .field("Available", Format.credits(balance.available()));
    }
}
