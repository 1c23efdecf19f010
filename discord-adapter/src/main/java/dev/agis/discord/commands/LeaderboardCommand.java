package dev.agis.discord.commands;

import dev.agis.discord.CommandInput;
import dev.agis.discord.CommandRefused;
import dev.agis.discord.Reply;
import dev.agis.discord.SlashCommand;
import dev.agis.domain.account.AccountId;
import dev.agis.domain.account.AccountKind;
import dev.agis.domain.account.AccountQueries.CreditsLeaderboard;
import dev.agis.domain.account.AccountQueries.FindCreditsLeaderboard;
import dev.agis.domain.account.AccountQueries.LeaderboardEntry;
import dev.agis.domain.server.ServerQueries.FindServersLeaderboard;
import dev.agis.domain.server.ServerQueries.ServerHoursEntry;
import dev.agis.domain.server.ServerQueries.ServersLeaderboard;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;
import net.dv8tion.jda.api.interactions.commands.build.SubcommandData;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Locale;

/** {@code /leaderboard credits|servers}: the top ten by balance, or by server hours. */
@Component
public class LeaderboardCommand implements SlashCommand {

    private static final int TOP = 10;

    private final QueryGateway queries;

    public LeaderboardCommand(QueryGateway queries) {
        this.queries = queries;
    }

    @Override
    public SlashCommandData definition() {
        return Commands.slash("leaderboard", "Who has the most credits, who runs servers the longest")
                .addSubcommands(new SubcommandData("credits", "Players with the most GameCredits"),
                        new SubcommandData("servers", "Owners by total server hours"));
    }

    @Override
    public Reply handle(CommandInput input) {
        String sub = input.subcommand() == null ? "" : input.subcommand();
        return switch (sub) {
            case "credits" -> credits();
            case "servers" -> servers();
            default -> throw CommandRefused.badOption("Unknown subcommand '" + sub + "'.");
        };
    }

    private Reply credits() {
        List<LeaderboardEntry> entries = queries.query(new FindCreditsLeaderboard(TOP), CreditsLeaderboard.class).join().entries();
        StringBuilder lines = new StringBuilder();
        for (LeaderboardEntry e : entries) {
            lines.append('#').append(e.rank()).append(' ').append(mention(e.accountId())).append(" — ")
                    .append(Format.credits(e.balance())).append('\n');
        }
        return Reply.info("Leaderboard: credits", entries.isEmpty() ? "Nobody has credits yet." : lines.toString().trim());
    }

    private Reply servers() {
        List<ServerHoursEntry> entries = queries.query(new FindServersLeaderboard(TOP), ServersLeaderboard.class).join().entries();
        StringBuilder lines = new StringBuilder();
        for (ServerHoursEntry e : entries) {
            lines.append('#').append(e.rank()).append(' ').append(mention(e.owner())).append(" — ")
                    .append(String.format(Locale.ROOT, "%.1f h", e.serverHours())).append(" on ").append(e.servers())
                    .append(e.servers() == 1 ? " server" : " servers").append('\n');
        }
        return Reply.info("Leaderboard: server hours", entries.isEmpty() ? "No server has run yet." : lines.toString().trim());
    }

    private static String mention(AccountId account) {
        return account.kind() == AccountKind.USER ? "<@" + account.ownerId() + ">" : "guild " + account.ownerId();
    }
}
