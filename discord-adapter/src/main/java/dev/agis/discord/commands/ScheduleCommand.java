package dev.agis.discord.commands;

import dev.agis.discord.CommandInput;
import dev.agis.discord.CommandRefused;
import dev.agis.discord.Reply;
import dev.agis.discord.SlashCommand;
import dev.agis.domain.common.DomainException;
import dev.agis.domain.common.Failures;
import dev.agis.domain.schedule.ScheduleAction;
import dev.agis.domain.schedule.ScheduleCommands.CreateSchedule;
import dev.agis.domain.schedule.ScheduleCommands.DeleteSchedule;
import dev.agis.domain.schedule.ScheduleCommands.DisableSchedule;
import dev.agis.domain.schedule.ScheduleCommands.EnableSchedule;
import dev.agis.domain.schedule.ScheduleId;
import dev.agis.domain.schedule.ScheduleQueries.FindSchedules;
import dev.agis.domain.schedule.ScheduleQueries.ScheduleView;
import dev.agis.domain.schedule.ScheduleQueries.Schedules;
import dev.agis.domain.server.ServerError;
import dev.agis.domain.server.ServerId;
import dev.agis.domain.server.ServerQueries.FindServer;
import dev.agis.domain.server.ServerQueries.ServerView;
import net.dv8tion.jda.api.interactions.commands.Command;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.interactions.commands.build.OptionData;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;
import net.dv8tion.jda.api.interactions.commands.build.SubcommandData;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * {@code /schedule create|list|delete|enable|disable|help}: start, stop or restart one of the
 * user's servers on a cron schedule in their time zone. The time zone completes from the IANA
 * names the JVM knows; the cron expression is checked by the core (one parser for every edge).
 */
@Component
public class ScheduleCommand implements SlashCommand {

    private static final List<String> ZONES = ZoneId.getAvailableZoneIds().stream().sorted().toList();

    private final CommandGateway commands;
    private final QueryGateway queries;

    public ScheduleCommand(CommandGateway commands, QueryGateway queries) {
        this.commands = commands;
        this.queries = queries;
    }

    @Override
    public SlashCommandData definition() {
        return Commands.slash("schedule", "Start, stop or restart your servers on a schedule")
                .addSubcommands(
                        new SubcommandData("create", "A new schedule for one of your servers")
                                .addOptions(new OptionData(OptionType.STRING, "server", "Which of your servers", true).setAutoComplete(true),
                                        new OptionData(OptionType.STRING, "action", "What to do", true)
                                                .addChoice("start", "start").addChoice("stop", "stop").addChoice("restart", "restart"),
                                        new OptionData(OptionType.STRING, "cron", "When: minute hour day month weekday, e.g. 0 18 * * 1-5", true),
                                        new OptionData(OptionType.STRING, "timezone", "IANA time zone, e.g. Europe/Berlin (default UTC)", false)
                                                .setAutoComplete(true)),
                        new SubcommandData("list", "Your schedules"),
                        scheduleAction("delete", "Delete a schedule"),
                        scheduleAction("enable", "Turn a schedule on"),
                        scheduleAction("disable", "Turn a schedule off"),
                        new SubcommandData("help", "How to write a cron expression"));
    }

    private static SubcommandData scheduleAction(String name, String description) {
        return new SubcommandData(name, description)
                .addOptions(new OptionData(OptionType.STRING, "schedule", "Which schedule", true).setAutoComplete(true));
    }

    @Override
    public Reply handle(CommandInput input) {
        String sub = input.subcommand() == null ? "" : input.subcommand();
        return switch (sub) {
            case "create" -> create(input);
            case "list" -> list(input);
            case "delete" -> act(input, "Schedule deleted", (id, in) -> new DeleteSchedule(id, in.wallet(), in.actor()));
            case "enable" -> act(input, "Schedule enabled", (id, in) -> new EnableSchedule(id, in.wallet(), in.actor()));
            case "disable" -> act(input, "Schedule disabled",
                    (id, in) -> new DisableSchedule(id, in.wallet(), in.actor(), "disabled by owner"));
            case "help" -> help();
            default -> throw CommandRefused.badOption("Unknown subcommand '" + sub + "'.");
        };
    }

    @Override
    public List<Command.Choice> autocomplete(CommandInput input, String option, String typed) {
        String needle = typed == null ? "" : typed.toLowerCase(Locale.ROOT);
        return switch (option) {
            case "timezone" -> ZONES.stream().filter(z -> z.toLowerCase(Locale.ROOT).contains(needle)).limit(25)
                    .map(z -> new Command.Choice(z, z)).toList();
            case "schedule" -> schedules(input).stream()
                    .filter(s -> s.scheduleId().uuid().startsWith(needle) || s.cron().contains(needle))
                    .limit(25)
                    .map(s -> new Command.Choice(s.action().name().toLowerCase(Locale.ROOT) + " at " + s.cron() + " " + s.timeZone()
                            + (s.enabled() ? "" : " (off)"), s.scheduleId().uuid()))
                    .toList();
            default -> List.of();
        };
    }

    private Reply create(CommandInput input) {
        ServerId server = ServerCommand.parseId(input.requiredOption("server"));
        ServerView view = queries.query(new FindServer(server), ServerView.class).join();
        if (view == null) {
            throw new DomainException(ServerError.SERVER_NOT_FOUND, "no server " + server.uuid());
        }
        if (!view.owner().equals(input.wallet())) {
            throw new DomainException(ServerError.NOT_OWNER, "server " + server.uuid() + " is not yours");
        }
        ScheduleAction action;
        try {
            action = ScheduleAction.valueOf(input.requiredOption("action").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw CommandRefused.badOption("action must be start, stop or restart.");
        }
        String cron = input.requiredOption("cron");
        String zone = input.option("timezone") == null ? "UTC" : input.option("timezone");
        // the same interaction always names the same schedule: a retry cannot create a second one
        ScheduleId id = ScheduleId.of("schedule:" + UUID.nameUUIDFromBytes(input.idempotencyKey().getBytes(StandardCharsets.UTF_8)));
        commands.sendAndWait(new CreateSchedule(id, server, input.wallet(), action, cron, zone, input.actor()));
        return Reply.success("Schedule created", "**" + view.name() + "** will " + action.name().toLowerCase(Locale.ROOT)
                        + " at `" + cron + "` (" + zone + ").")
                .field("Schedule", "`" + id.uuid() + "`", false);
    }

    private Reply list(CommandInput input) {
        List<ScheduleView> schedules = schedules(input);
        if (schedules.isEmpty()) {
            return Reply.info("Your schedules", "You have no schedules. `/schedule help` explains how to write one.");
        }
        Reply reply = Reply.info("Your schedules", null);
        for (ScheduleView s : schedules.stream().limit(25).toList()) {
            reply = reply.field(s.action().name().toLowerCase(Locale.ROOT) + " `" + s.cron() + "` " + s.timeZone()
                            + (s.enabled() ? "" : " — off"),
                    "`" + s.scheduleId().uuid() + "`\nnext: " + (s.enabled() ? Format.time(s.nextRunAt()) : "—"), false);
        }
        return reply;
    }

    private Reply act(CommandInput input, String title, BiFunction<ScheduleId, CommandInput, Object> command) {
        String raw = input.requiredOption("schedule");
        ScheduleId id;
        try {
            id = ScheduleId.of(raw.startsWith("schedule:") ? raw : "schedule:" + raw);
        } catch (DomainException e) {
            throw CommandRefused.badOption("schedule must be one of yours (pick it from the list), was '" + raw + "'.");
        }
        try {
            commands.sendAndWait(command.apply(id, input));
        } catch (RuntimeException e) {
            if (Failures.isNotFound(e)) {
                throw new DomainException(ServerError.SCHEDULE_NOT_FOUND, "no schedule " + id.uuid());
            }
            throw e;
        }
        return Reply.success(title, null).field("Schedule", "`" + id.uuid() + "`", false);
    }

    private List<ScheduleView> schedules(CommandInput input) {
        return queries.query(new FindSchedules(input.wallet(), null), Schedules.class).join().schedules();
    }

    static Reply help() {
        return Reply.info("Writing a schedule", "A cron expression has five fields: `minute hour day-of-month month day-of-week`, "
                        + "read in the time zone you give (default UTC). `*` means every, `a-b` a range, `a,b` a list, `*/n` every n-th.")
                .field("Every day at 18:00", "`0 18 * * *`", false)
                .field("Weekdays at 08:30", "`30 8 * * 1-5`", false)
                .field("Every 6 hours", "`0 */6 * * *`", false)
                .field("Saturdays and Sundays at 10:00", "`0 10 * * 6,0`", false)
                .field("Time zone", "An IANA name such as `Europe/Berlin` or `America/New_York`; the option completes as you type.", false);
    }
}
