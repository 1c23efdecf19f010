package dev.agis.discord.commands;

import dev.agis.discord.Reply;
import dev.agis.domain.account.AccountKind;
import dev.agis.domain.server.ServerPrice;
import dev.agis.domain.server.ServerQueries.ServerView;
import dev.agis.domain.server.ServerTemplate;
import net.dv8tion.jda.api.interactions.commands.Command;

import java.util.List;
import java.util.Locale;

/** What the player's and the guild's server commands show alike: prices, lists and a server's details. */
final class ServerReplies {

    private ServerReplies() {
    }

    /** What {@code payer} pays: "12 GC/hour + 50 GC setup", with the guild discount named when one applies. */
    static String price(ServerTemplate t, AccountKind payer) {
        ServerPrice price = t.priceFor(payer);
        String setup = price.setup().isPositive() ? " + " + Format.credits(price.setup()) + " setup" : "";
        String discount = price.discountPercent() > 0 ? " (" + price.discountPercent() + " % guild discount)" : "";
        return Format.credits(price.perHour()) + "/hour" + setup + discount;
    }

    /** What renting holds now and costs later; {@code from} names the paying account ("" or " of the treasury"). */
    static String rentTerms(ServerTemplate t, AccountKind payer, String from) {
        ServerPrice price = t.priceFor(payer);
        return "Holds " + Format.credits(price.firstPeriod()) + from + " now for the first hour"
                + (price.setup().isPositive() ? " (including " + Format.credits(price.setup()) + " setup)" : "")
                + ", then " + Format.credits(price.perHour()) + " per started hour while it runs"
                + (price.discountPercent() > 0 ? ", " + price.discountPercent() + " % guild discount included" : "")
                + ". If it cannot pay an hour, it keeps running " + t.graceMinutes() + " minutes before it stops.";
    }

    static Reply list(String title, String whenEmpty, List<ServerView> servers) {
        if (servers.isEmpty()) {
            return Reply.info(title, whenEmpty);
        }
        Reply reply = Reply.info(title, "Newest first.");
        for (ServerView s : servers) {
            reply = reply.field(s.name() + " — " + s.state().name().toLowerCase(Locale.ROOT),
                    "`" + s.serverId().uuid() + "`" + (s.address() == null ? "" : "\n" + s.address() + ":" + s.port()), false);
        }
        return reply;
    }

    static Reply info(ServerView s) {
        return Reply.info(s.name(), s.game() + " · `" + s.serverId().uuid() + "`")
                .field("State", s.state().name().toLowerCase(Locale.ROOT))
                .field("Address", s.address() == null ? null : "`" + s.address() + ":" + s.port() + "`")
                .field("Cost", Format.credits(s.costPerHour()) + "/hour")
                .field("Paid until", Format.time(s.paidUntil()), false);
    }

    /** Templates whose id or name contains what the user typed, at most Discord's 25 choices. */
    static List<Command.Choice> templateChoices(List<ServerTemplate> templates, AccountKind payer, String typed) {
        String needle = needle(typed);
        return templates.stream()
                .filter(t -> t.id().contains(needle) || t.name().toLowerCase(Locale.ROOT).contains(needle))
                .limit(25)
                .map(t -> new Command.Choice(t.name() + " — " + Format.credits(t.priceFor(payer).perHour()) + "/h", t.id()))
                .toList();
    }

    /** Servers not yet terminated whose name or id starts with what the user typed. */
    static List<Command.Choice> serverChoices(List<ServerView> servers, String typed) {
        String needle = needle(typed);
        return servers.stream()
                .filter(s -> !s.state().isFinal())
                .filter(s -> s.name().toLowerCase(Locale.ROOT).contains(needle) || s.serverId().uuid().startsWith(needle))
                .limit(25)
                .map(s -> new Command.Choice(s.name() + " (" + s.state().name().toLowerCase(Locale.ROOT) + ")", s.serverId().uuid()))
                .toList();
    }

    private static String needle(String typed) {
        return typed == null ? "" : typed.toLowerCase(Locale.ROOT);
    }
}
