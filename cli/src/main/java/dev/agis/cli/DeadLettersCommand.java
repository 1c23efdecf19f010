package dev.agis.cli;

import dev.agis.cli.deadletters.DeadLetterDesk;
import dev.agis.domain.common.Actor;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/**
 * {@code agis dead-letters …}: events whose handler kept failing, parked with the rest of their
 * aggregate's events in their processing group's dead-letter queue (ADR 0053, docs/operations.md).
 */
@Command(name = "dead-letters", mixinStandardHelpOptions = true, usageHelpWidth = 120,
        description = {"Events parked in the processors' dead-letter queues: list, retry after a fix, or evict.",
                "Works on the configured database, also while AGIS runs; retries run the application's own handlers here."},
        subcommands = {DeadLettersCommand.List.class, DeadLettersCommand.Retry.class, DeadLettersCommand.Evict.class,
                DeadLettersCommand.Actions.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:the command ran and found a problem", "2:bad usage", "3:unexpected error"})
public class DeadLettersCommand {

    /** The processors exist (their handlers retry letters) but claim no segments: the running instances keep those. */
    private static final String CONTEXT = "agis.processors.max-claimed-segments=0";

    static void checkProcessor(CommandSpec spec, DeadLetterDesk desk, String processor) {
        if (processor != null && !desk.known(processor)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "unknown processor '" + processor + "' (processors: "
                    + String.join(", ", desk.processors()) + ")");
        }
    }

    /** The options list, retry and actions share: which processor, and the output format. */
    static class Selection {

        @Option(names = "--processor", paramLabel = "<processor>", description = "Only this processor (or processing group).")
        String processor;

        @Option(names = "--format", defaultValue = "table", paramLabel = "table|json", description = "Output format. Default: ${DEFAULT-VALUE}")
        String format;
    }

    static void checkFormat(CommandSpec spec, String format) {
        if (!format.equals("table") && !format.equals("json")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--format must be table or json");
        }
    }

    static void json(PrintWriter out, Object value) throws IOException {
        out.println(AuditCommand.JSON.writeValueAsString(value));
        out.flush();
    }

    @Command(name = "list", mixinStandardHelpOptions = true, usageHelpWidth = 120, sortOptions = false,
            description = {"Every dead letter, sequence by sequence: the letter that failed (PARKED for an operator, or RETRYING",
                    "with back-off) and the later events of its aggregate WAITING behind it, with event type, first failure,",
                    "cause and attempts."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:listed (also when empty)", "2:bad usage", "3:unexpected error"})
    static class List implements Callable<Integer> {

        private final CliContexts contexts;

        @Spec
        CommandSpec spec;

        @Mixin
        Selection selection;

        List(CliContexts contexts) {
            this.contexts = contexts;
        }

        @Override
        public Integer call() throws Exception {
            checkFormat(spec, selection.format);
            PrintWriter out = spec.commandLine().getOut();
            try (ConfigurableApplicationContext ctx = contexts.application(CONTEXT)) {
                DeadLetterDesk desk = new DeadLetterDesk(ctx);
                checkProcessor(spec, desk, selection.processor);
                java.util.List<DeadLetterDesk.Letter> letters = desk.list(selection.processor);
                if (selection.format.equals("json")) {
                    json(out, letters);
                    return ExitCodes.OK;
                }
                if (letters.isEmpty()) {
                    out.println("No dead letters" + (selection.processor == null ? "" : " in " + selection.processor) + ".");
                    out.flush();
                    return ExitCodes.OK;
                }
                String row = "%-20s  %-20s  %-36s  %4s  %-9s  %-28s  %5s  %-24s  %8s  %s%n";
                out.printf(row, "PROCESSOR", "GROUP", "SEQUENCE", "POS", "STATE", "EVENT TYPE", "SEQ", "FIRST FAILURE", "ATTEMPTS", "CAUSE");
                for (DeadLetterDesk.Letter l : letters) {
                    out.printf(row, l.processor(), l.group(), l.sequence(), l.position(), l.state(), simpleName(l.eventType()),
                            l.aggregateSequence() == null ? "-" : l.aggregateSequence(), l.enqueuedAt(), l.attempts(),
                            l.cause() == null ? "-" : l.cause());
                }
                out.flush();
                return ExitCodes.OK;
            }
        }
    }

    static String simpleName(String type) {
        return type.substring(type.lastIndexOf('.') + 1).replace('$', '.');
    }

    @Command(name = "retry", mixinStandardHelpOptions = true, usageHelpWidth = 120, sortOptions = false,
            description = {"Retries held sequences now, parked ones included, with the application's handlers: the first letter,",
                    "then the events behind it, in order. Run it after the fault is fixed (a deploy, a data repair).",
                    "Process managers send their commands with the same idempotency keys as the first time, so money moves once.",
                    "Every retried sequence is recorded (agis dead-letters actions)."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:every retried sequence was cleared (or none was held)", "1:at least one sequence still fails",
                    "2:bad usage", "3:unexpected error"})
    static class Retry implements Callable<Integer> {

        private final CliContexts contexts;

        @Spec
        CommandSpec spec;

        @Mixin
        Selection selection;

        @Option(names = "--sequence", paramLabel = "<aggregate-id>", description = "Only this sequence (an aggregate identifier).")
        String sequence;

        @Option(names = "--reason", paramLabel = "<text>", defaultValue = "retry after fix", description = "Why, for the record. Default: ${DEFAULT-VALUE}")
        String reason;

        @Option(names = "--operator", paramLabel = "<name>", description = "Who asks, for the record. Default: the OS user.")
        String operator;

        Retry(CliContexts contexts) {
            this.contexts = contexts;
        }

        @Override
        public Integer call() throws Exception {
            checkFormat(spec, selection.format);
            Actor actor = Operators.actor(operator);
            PrintWriter out = spec.commandLine().getOut();
            try (ConfigurableApplicationContext ctx = contexts.application(CONTEXT)) {
                DeadLetterDesk desk = new DeadLetterDesk(ctx);
                checkProcessor(spec, desk, selection.processor);
                java.util.List<DeadLetterDesk.Retried> results = desk.retry(selection.processor, sequence, actor, reason);
                boolean allCleared = results.stream().allMatch(DeadLetterDesk.Retried::cleared);
                if (selection.format.equals("json")) {
                    json(out, results);
                } else if (results.isEmpty()) {
                    out.println("No held sequence" + (sequence == null ? "" : " " + sequence) + (selection.processor == null ? "" : " in " + selection.processor) + ".");
                } else {
                    for (DeadLetterDesk.Retried r : results) {
                        out.printf("%-20s  %-20s  %-36s  %s%n", r.processor(), r.group(), r.sequence(),
                                r.cleared() ? "cleared" : "still held: " + r.cause());
                    }
                }
                out.flush();
                return allCleared ? ExitCodes.OK : ExitCodes.PROBLEM;
            }
        }
    }

    @Command(name = "evict", mixinStandardHelpOptions = true, usageHelpWidth = 120, sortOptions = false,
            description = {"Removes the failed (first) letter of a held sequence for good; the events behind it are handled at the",
                    "next retry. The processor's handlers never see the evicted event. Asks for confirmation unless --yes,",
                    "and records who, when and why (agis dead-letters actions).",
                    "A ledger movement (account events) is refused unless --i-understand-the-ledger-will-differ: the ledger's",
                    "read models would miss it, and agis audit verify reports the difference and this eviction."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:evicted", "1:not confirmed, refused (a ledger movement), or no such held sequence: nothing evicted",
                    "2:bad usage", "3:unexpected error"})
    static class Evict implements Callable<Integer> {

        private final CliContexts contexts;

        @Spec
        CommandSpec spec;

        @Option(names = "--processor", required = true, paramLabel = "<processor>", description = "The processor (or processing group).")
        String processor;

        @Option(names = "--sequence", required = true, paramLabel = "<aggregate-id>", description = "The held sequence (an aggregate identifier).")
        String sequence;

        @Option(names = "--reason", required = true, paramLabel = "<text>", description = "Why, for the record.")
        String reason;

        @Option(names = "--yes", description = "Do not ask for confirmation (for scripts).")
        boolean yes;

        @Option(names = "--i-understand-the-ledger-will-differ", description = "Allow evicting a ledger movement.")
        boolean ledgerWillDiffer;

        @Option(names = "--operator", paramLabel = "<name>", description = "Who asks, for the record. Default: the OS user.")
        String operator;

        Evict(CliContexts contexts) {
            this.contexts = contexts;
        }

        @Override
        public Integer call() throws Exception {
            if (reason.isBlank()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--reason must say why");
            }
            Actor actor = Operators.actor(operator);
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (!yes && !confirmed(err)) {
                err.println("agis dead-letters evict: not confirmed, nothing evicted");
                return ExitCodes.PROBLEM;
            }
            try (ConfigurableApplicationContext ctx = contexts.application(CONTEXT)) {
                DeadLetterDesk desk = new DeadLetterDesk(ctx);
                checkProcessor(spec, desk, processor);
                java.util.List<DeadLetterDesk.Evicted> evicted;
                try {
                    evicted = desk.evict(processor, sequence, actor, reason, ledgerWillDiffer);
                } catch (DeadLetterDesk.MoneyEventRefused e) {
                    err.println("agis dead-letters evict: refused, nothing evicted: " + e.getMessage()
                            + ". Give --i-understand-the-ledger-will-differ to evict it anyway.");
                    return ExitCodes.PROBLEM;
                }
                if (evicted.isEmpty()) {
                    err.println("agis dead-letters evict: " + processor + " holds no sequence " + sequence + "; nothing evicted");
                    return ExitCodes.PROBLEM;
                }
                for (DeadLetterDesk.Evicted e : evicted) {
                    out.printf("Evicted %s (event %s, seq %s) of %s from %s by %s%s; %d letter(s) of the sequence wait for the next retry.%n",
                            simpleName(e.eventType()), e.eventId(), e.aggregateSequence(), e.sequence(), e.group(), actor.value(),
                            e.moneyEvent() ? " (a ledger movement: agis audit verify reports the difference)" : "", e.stillWaiting());
                }
                out.flush();
                return ExitCodes.OK;
            }
        }

        /** The prompt goes to standard error, so standard output stays the command's own. */
        private boolean confirmed(PrintWriter err) throws IOException {
            err.print("Evict the failed event of " + sequence + " in " + processor + " for good? Its handlers will never see it."
                    + " Type the sequence again to confirm: ");
            err.flush();
            String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            return answer != null && answer.trim().equals(sequence);
        }
    }

    @Command(name = "actions", mixinStandardHelpOptions = true, usageHelpWidth = 120, sortOptions = false,
            description = "What operators did to dead letters, oldest first: retries and evictions with who, when and why.",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:listed (also when empty)", "2:bad usage", "3:unexpected error"})
    static class Actions implements Callable<Integer> {

        private final CliContexts contexts;

        @Spec
        CommandSpec spec;

        @Mixin
        Selection selection;

        Actions(CliContexts contexts) {
            this.contexts = contexts;
        }

        @Override
        public Integer call() throws Exception {
            checkFormat(spec, selection.format);
            PrintWriter out = spec.commandLine().getOut();
            try (ConfigurableApplicationContext ctx = contexts.application(CONTEXT)) {
                java.util.List<DeadLetterDesk.Action> actions = new DeadLetterDesk(ctx).actions(selection.processor);
                if (selection.format.equals("json")) {
                    json(out, actions);
                    return ExitCodes.OK;
                }
                for (DeadLetterDesk.Action a : actions) {
                    out.printf("%s  %-20s  %-5s  %-20s  %-36s  %s%s  %s (%s)%n", a.at(), a.operator(), a.action(), a.group(), a.sequence(),
                            a.eventType() == null ? "" : simpleName(a.eventType()) + " seq " + a.aggregateSequence(),
                            a.moneyEvent() ? " [ledger movement]" : "", a.reason(), a.outcome());
                }
                out.flush();
                return ExitCodes.OK;
            }
        }
    }
}
