package dev.agis.discord.commands;

import dev.agis.discord.CommandInput;
import dev.agis.discord.CommandRefused;
import dev.agis.discord.Reply;
import dev.agis.discord.SlashCommand;
import dev.agis.domain.subscription.SubscriptionCommands.CancelSubscription;
import dev.agis.domain.subscription.SubscriptionCommands.Subscribe;
import dev.agis.domain.subscription.SubscriptionError;
import dev.agis.domain.subscription.SubscriptionId;
import dev.agis.domain.common.DomainException;
import dev.agis.domain.common.Failures;
import dev.agis.domain.subscription.SubscriptionQueries.FindSubscription;
import dev.agis.domain.subscription.SubscriptionQueries.SubscriptionView;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.interactions.commands.build.OptionData;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;
import net.dv8tion.jda.api.interactions.commands.build.SubcommandData;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

/**
 * {@code /subscription status|subscribe|cancel}: the user's premium tier. Subscribing charges the
 * wallet monthly, so it asks first; the subscription aggregate refuses a second subscribe, so a
 * repeat charges nothing.
 */
@Component
public class SubscriptionCommand implements SlashCommand {

    private final CommandGateway commands;
    private final QueryGateway queries;

    public SubscriptionCommand(CommandGateway commands, QueryGateway queries) {
        this.commands = commands;
        this.queries = queries;
    }

    @Override
    public SlashCommandData definition() {
        return Commands.slash("subscription", "Your premium subscription")
                .addSubcommands(new SubcommandData("status", "Your tier and when it renews"),
                        new SubcommandData("subscribe", "Subscribe to a paid tier (charged monthly from your wallet)")
                                .addOptions(new OptionData(OptionType.STRING, "tier", "Which tier", true)
                                        .addChoice("Premium", "premium").addChoice("Premium+", "premium_plus")),
                        new SubcommandData("cancel", "Stop renewing; the paid month runs to its end"));
    }

    @Override
    public Reply handle(CommandInput input) {
        String sub = input.subcommand() == null ? "" : input.subcommand();
        SubscriptionId id = SubscriptionId.ofPlayer(input.player());
        return switch (sub) {
            case "status" -> status(input);
            case "subscribe" -> {
                String tier = input.requiredOption("tier");
                yield Reply.confirm("Subscribe to " + tier + "?",
                        "The tier's monthly price is charged from your wallet now and every month until you cancel.",
                        "Subscribe", () -> {
                            commands.sendAndWait(new Subscribe(id, tier, input.actor()));
                            return Reply.success("Subscribed to " + tier,
                                    "The first month is being charged; `/subscription status` shows when the tier is active.");
                        });
            }
            case "cancel" -> {
                try {
                    commands.sendAndWait(new CancelSubscription(id, input.actor()));
                } catch (RuntimeException e) {
                    if (Failures.isNotFound(e)) {
                        throw new DomainException(SubscriptionError.NOT_SUBSCRIBED, "you have no subscription to cancel");
                    }
                    throw e;
                }
                yield Reply.success("Subscription cancelled", "It stays active until the end of the paid month.");
            }
            default -> throw CommandRefused.badOption("Unknown subcommand '" + sub + "'.");
        };
    }

    private Reply status(CommandInput input) {
        SubscriptionView view = queries.query(new FindSubscription(input.player()), SubscriptionView.class).join();
        if (view == null || "none".equals(view.status())) {
            return Reply.info("Your subscription", "You are on the free tier. `/subscription subscribe` upgrades.");
        }
        return Reply.info("Your subscription", "Tier **" + view.tier() + "**")
                .field("Status", view.status().replace('_', ' '))
                .field("Period ends", Format.time(view.periodEnd()), false);
    }
}
