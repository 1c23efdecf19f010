package dev.agis.discord.commands;

import dev.agis.discord.CommandInput;
import dev.agis.discord.CommandRefused;
import dev.agis.discord.DiscordProperties;
import dev.agis.discord.Reply;
import dev.agis.discord.SlashCommand;
import dev.agis.domain.common.DomainException;
import dev.agis.domain.common.Failures;
import dev.agis.domain.experiment.ExperimentCommands.CreateExperiment;
import dev.agis.domain.experiment.ExperimentCommands.StartExperiment;
import dev.agis.domain.experiment.ExperimentCommands.StopExperiment;
import dev.agis.domain.experiment.ExperimentError;
import dev.agis.domain.experiment.ExperimentKey;
import dev.agis.domain.experiment.ExperimentMetric;
import dev.agis.domain.experiment.ExperimentQueries.Comparison;
import dev.agis.domain.experiment.ExperimentQueries.ExperimentList;
import dev.agis.domain.experiment.ExperimentQueries.ExperimentResults;
import dev.agis.domain.experiment.ExperimentQueries.ExperimentView;
import dev.agis.domain.experiment.ExperimentQueries.FindExperimentResults;
import dev.agis.domain.experiment.ExperimentQueries.ListExperiments;
import dev.agis.domain.experiment.ExperimentQueries.VariantResult;
import dev.agis.domain.experiment.VariantSpec;
import net.dv8tion.jda.api.interactions.commands.Command;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.interactions.commands.build.OptionData;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;
import net.dv8tion.jda.api.interactions.commands.build.SubcommandData;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * {@code /experiment create|start|stop|results|list}: operators' A/B experiments. Variants are
 * written {@code name:weight[:multiplier]}, comma-separated, the first being the control; a
 * multiplier makes it a reward experiment ({@code reward.multiplier} in the variant's config).
 * The core validates the definition. Operator guild, Manage Server.
 */
@Component
public class ExperimentCommand implements SlashCommand {

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final DiscordProperties properties;

    public ExperimentCommand(CommandGateway commands, QueryGateway queries, DiscordProperties properties) {
        this.commands = commands;
        this.queries = queries;
        this.properties = properties;
    }

    @Override
    public boolean operatorOnly() {
        return true;
    }

    @Override
    public SlashCommandData definition() {
        return Operators.slash("experiment", "Operators: A/B experiments")
                .addSubcommands(
                        new SubcommandData("create", "Define an experiment (starts as a draft)")
                                .addOptions(new OptionData(OptionType.STRING, "key", "Lowercase key, e.g. double-rewards", true),
                                        new OptionData(OptionType.STRING, "description", "What it tries", true).setMaxLength(500),
                                        new OptionData(OptionType.STRING, "variants",
                                                "name:weight[:multiplier], comma-separated, control first, e.g. control:50,double:50:2", true),
                                        new OptionData(OptionType.STRING, "hypothesis", "What you expect", false).setMaxLength(1000),
                                        new OptionData(OptionType.INTEGER, "traffic", "Percent of players in it (default 100)", false)
                                                .setRequiredRange(1, 100),
                                        new OptionData(OptionType.STRING, "metric", "What decides it (default conversion rate)", false)
                                                .addChoice("conversion rate", "CONVERSION_RATE").addChoice("GC per player", "GC_PER_PLAYER")),
                        keyed("start", "Start a draft experiment"),
                        keyed("stop", "Stop a running experiment"),
                        keyed("results", "Results so far, with significance"),
                        new SubcommandData("list", "All experiments"));
    }

    private static SubcommandData keyed(String name, String description) {
        return new SubcommandData(name, description)
                .addOptions(new OptionData(OptionType.STRING, "key", "Which experiment", true).setAutoComplete(true));
    }

    @Override
    public Reply handle(CommandInput input) {
        Operators.require(input, properties);
        String sub = input.subcommand() == null ? "" : input.subcommand();
        return switch (sub) {
            case "create" -> create(input);
            case "start" -> act(input, "Experiment started", key -> new StartExperiment(key, input.actor()));
            case "stop" -> act(input, "Experiment stopped", key -> new StopExperiment(key, input.actor()));
            case "results" -> results(key(input));
            case "list" -> list();
            default -> throw CommandRefused.badOption("Unknown subcommand '" + sub + "'.");
        };
    }

    @Override
    public List<Command.Choice> autocomplete(CommandInput input, String option, String typed) {
        String needle = typed == null ? "" : typed.toLowerCase(Locale.ROOT);
        return experiments().stream().map(e -> e.key().value()).filter(k -> k.contains(needle)).limit(25)
                .map(k -> new Command.Choice(k, k)).toList();
    }

    private Reply create(CommandInput input) {
        ExperimentKey key = key(input);
        List<VariantSpec> variants = variants(input.requiredOption("variants"));
        int traffic;
        try {
            traffic = input.option("traffic") == null ? 100 : Integer.parseInt(input.option("traffic"));
        } catch (NumberFormatException e) {
            throw CommandRefused.badOption("traffic must be a whole percent from 1 to 100.");
        }
        ExperimentMetric metric;
        try {
            metric = input.option("metric") == null ? ExperimentMetric.CONVERSION_RATE : ExperimentMetric.valueOf(input.option("metric"));
        } catch (IllegalArgumentException e) {
            throw CommandRefused.badOption("metric must be CONVERSION_RATE or GC_PER_PLAYER.");
        }
        commands.sendAndWait(new CreateExperiment(key, input.requiredOption("description"), input.option("hypothesis"), variants,
                variants.get(0).name(), traffic, metric, null, input.actor()));
        return Reply.success("Experiment created", "`" + key.value() + "` is a draft; `/experiment start` starts it.")
                .field("Variants", variants.stream().map(v -> v.name() + " (" + v.weight() + ")").reduce((a, b) -> a + ", " + b).orElse(""), false);
    }

    /** {@code control:50,double:50:2} → variants; a third part is the reward multiplier. */
    static List<VariantSpec> variants(String raw) {
        List<VariantSpec> variants = new ArrayList<>();
        for (String part : raw.split(",")) {
            String[] p = part.trim().split(":");
            if (p.length < 2 || p.length > 3) {
                throw CommandRefused.badOption("variants must look like control:50,double:50:2, was '" + raw + "'.");
            }
            try {
                int weight = Integer.parseInt(p[1].trim());
                String config = p.length == 3 ? "{\"reward.multiplier\": " + new BigDecimal(p[2].trim()).toPlainString() + "}" : null;
                variants.add(new VariantSpec(p[0].trim(), weight, config));
            } catch (NumberFormatException e) {
                throw CommandRefused.badOption("weights and multipliers must be numbers, was '" + part.trim() + "'.");
            }
        }
        return variants;
    }

    private Reply act(CommandInput input, String title, Function<ExperimentKey, Object> command) {
        ExperimentKey key = key(input);
        try {
            commands.sendAndWait(command.apply(key));
        } catch (RuntimeException e) {
            if (Failures.isNotFound(e)) {
                throw new DomainException(ExperimentError.EXPERIMENT_NOT_FOUND, "no experiment " + key.value());
            }
            throw e;
        }
        return Reply.success(title, "`" + key.value() + "`");
    }

    private Reply results(ExperimentKey key) {
        ExperimentResults results = queries.query(new FindExperimentResults(key), ExperimentResults.class).join();
        if (results == null) {
            throw new DomainException(ExperimentError.EXPERIMENT_NOT_FOUND, "no experiment " + key.value());
        }
        Reply reply = Reply.info("Results: " + key.value(), results.status().name().toLowerCase(Locale.ROOT) + " · "
                        + results.players() + " players · judged by " + results.primaryMetric().name().toLowerCase(Locale.ROOT).replace('_', ' '))
                .field("Sample ratio", results.sampleRatio().mismatch() ? "**mismatch** (p = " + p(results.sampleRatio().pValue()) + ")" : "ok", false);
        for (VariantResult v : results.variants()) {
            Comparison c = results.primaryMetric() == ExperimentMetric.CONVERSION_RATE ? v.conversionVsControl() : v.gcPerPlayerVsControl();
            String vsControl = v.control() || c == null ? "control"
                    : "p = " + p(c.pValue()) + (c.significant() ? " · **significant**" : " · not significant");
            reply = reply.field(v.name(), v.players() + " players · " + String.format(Locale.ROOT, "%.1f %%", v.conversionRate() * 100)
                    + " converted · " + String.format(Locale.ROOT, "%.1f", v.gcPerPlayer()) + " GC/player\n" + vsControl, false);
        }
        return reply;
    }

    private Reply list() {
        List<ExperimentView> experiments = experiments();
        if (experiments.isEmpty()) {
            return Reply.info("Experiments", "None yet. `/experiment create` defines one.");
        }
        Reply reply = Reply.info("Experiments", null);
        for (ExperimentView e : experiments.stream().limit(25).toList()) {
            reply = reply.field(e.key().value() + " — " + e.status().name().toLowerCase(Locale.ROOT),
                    e.description() + "\n" + e.trafficPercent() + " % traffic" + (e.rewardExperiment() ? " · reward experiment" : ""), false);
        }
        return reply;
    }

    private List<ExperimentView> experiments() {
        return queries.query(new ListExperiments(null), ExperimentList.class).join().experiments();
    }

    private static ExperimentKey key(CommandInput input) {
        String raw = input.requiredOption("key");
        try {
            return ExperimentKey.of(raw);
        } catch (DomainException e) {
            throw CommandRefused.badOption("key must be 2-64 lowercase letters, digits, '-' or '_', was '" + raw + "'.");
        }
    }

    private static String p(Double value) {
        return value == null ? "—" : String.format(Locale.ROOT, "%.3f", value);
    }
}
