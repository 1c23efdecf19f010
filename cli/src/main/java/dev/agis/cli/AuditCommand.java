package dev.agis.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.agis.cli.audit.AccountFold;
import dev.agis.cli.audit.LedgerVerifier;
import dev.agis.cli.audit.StoredEvent;
import dev.agis.cli.audit.StoredEvents;
import dev.agis.domain.account.AccountId;
import dev.agis.domain.common.DomainException;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/** {@code agis audit …}: answers "where did these credits come from?" from the event store alone. */
@Command(name = "audit", mixinStandardHelpOptions = true, usageHelpWidth = 120,
        description = {"Read-only audits of the event store: history, point-in-time accounts, ledger verification.",
                "Works on the configured database, also while AGIS runs (the running embedded PostgreSQL is",
                "attached to, not started a second time)."},
        subcommands = {AuditCommand.History.class, AuditCommand.Account.class, AuditCommand.Verify.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:the command ran and found a problem", "2:bad usage", "3:unexpected error"})
public class AuditCommand {

    static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT);

    /** RFC 4180: quotes only where needed, CRLF line ends; the target (the command's output) stays open. */
    static final CsvMapper CSV = CsvMapper.builder()
            .enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            .build();

    enum Format { table, json, csv }

    /** What an owner id without the account prefix looks like ("123456789012345678", "user:123…"). */
    private static final Pattern BARE_OWNER = Pattern.compile("((user|guild):)?[A-Za-z0-9_\\-]{1,64}");

    /**
     * Ids the operator probably meant when {@code id} has no events: the account ids of a bare owner
     * id ({@code 123} → {@code account:user:123}, {@code account:guild:123}), and the other kind of an
     * account id. Only those with events are returned.
     */
    static List<String> likelyMeant(String id, StoredEvents events) {
        List<String> candidates = new ArrayList<>();
        if (BARE_OWNER.matcher(id).matches()) {
            if (id.startsWith("user:") || id.startsWith("guild:")) {
                candidates.add("account:" + id);
            } else {
                candidates.add("account:user:" + id);
                candidates.add("account:guild:" + id);
            }
        } else if (id.startsWith("account:user:")) {
            candidates.add("account:guild:" + id.substring("account:user:".length()));
        } else if (id.startsWith("account:guild:")) {
            candidates.add("account:user:" + id.substring("account:guild:".length()));
        }
        return candidates.stream().filter(events::exists).toList();
    }

    private static String didYouMean(List<String> ids) {
        return ids.isEmpty() ? "" : " (did you mean " + String.join(" or ", ids) + "?)";
    }

    @Command(name = "history", mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 120,
            description = {"Every event of one aggregate, oldest first, with metadata and payload.",
                    "Read from sequence 0 (never from a snapshot) and passed through the upcasters: sequence, time,",
                    "type, actor, correlation and trace ids (Axon metadata) and the payload."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:events printed", "1:no events for this aggregate id", "2:bad usage", "3:unexpected error"})
    static class History implements Callable<Integer> {

        private final CliContexts contexts;

        public History(CliContexts contexts) {
            this.contexts = contexts;
        }

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "<aggregate-id>", description = "e.g. account:user:123456789012345678")
        String aggregateId;

        @Option(names = "--format", defaultValue = "table", paramLabel = "table|json|csv",
                description = "Output format. Default: ${DEFAULT-VALUE}")
        Format format;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            List<StoredEvent> events = new ArrayList<>();
            try (ConfigurableApplicationContext ctx = contexts.auditing()) {
                StoredEvents store = StoredEvents.in(ctx);
                store.forAggregate(aggregateId, events::add);
                if (events.isEmpty()) {
                    spec.commandLine().getErr().println("agis audit history: no events for aggregate '" + aggregateId + "'"
                            + didYouMean(likelyMeant(aggregateId, store)));
                    return ExitCodes.PROBLEM;
                }
                switch (format) {
                    case json -> printJson(out, events);
                    case csv -> printCsv(out, events);
                    case table -> printTable(out, events);
                }
                out.flush();
                return 0;
            }
        }

        private static String actor(StoredEvent e, JsonNode payload) {
            Object fromMeta = e.metaData().get("actor");
            if (fromMeta != null) {
                return fromMeta.toString();
            }
            return payload.hasNonNull("actor") ? payload.get("actor").asText() : "";
        }

        private static String meta(StoredEvent e, String key) {
            Object v = e.metaData().get(key);
            return v == null ? "" : v.toString();
        }

        private static JsonNode payloadTree(StoredEvent e) throws Exception {
            return JSON.readTree(e.payloadJson());
        }

        private void printJson(PrintWriter out, List<StoredEvent> events) throws Exception {
            ArrayNode all = JSON.createArrayNode();
            for (StoredEvent e : events) {
                JsonNode payload = payloadTree(e);
                ObjectNode n = all.addObject();
                n.put("aggregateId", e.aggregateId());
                n.put("sequence", e.sequence());
                n.put("globalIndex", e.globalIndex());
                n.put("eventId", e.eventId());
                n.put("time", e.timestamp().toString());
                n.put("type", e.type());
                n.put("readable", e.payload() != null);
                n.put("actor", actor(e, payload));
                n.set("metaData", JSON.valueToTree(Map.copyOf(e.metaData())));
                n.set("payload", payload);
            }
            out.println(JSON.writeValueAsString(all));
        }

        static final CsvSchema HISTORY_CSV = CsvSchema.builder()
                .addNumberColumn("sequence")
                .addColumn("time")
                .addColumn("type")
                .addColumn("actor")
                .addColumn("correlation_id")
                .addColumn("trace_id")
                .addColumn("event_id")
                .addColumn("payload")
                .setUseHeader(true)
                .setLineSeparator("\r\n")
                .build();

        /** One row per event, the payload as compact JSON in the last column. */
        private void printCsv(PrintWriter out, List<StoredEvent> events) throws Exception {
            try (SequenceWriter rows = CSV.writer(HISTORY_CSV).writeValues(out)) {
                for (StoredEvent e : events) {
                    JsonNode payload = payloadTree(e);
                    rows.write(new Object[]{e.sequence(), e.timestamp().toString(), e.type(), actor(e, payload),
                            meta(e, "correlationId"), meta(e, "traceId"), e.eventId(),
                            JSON.copy().disable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(payload)});
                }
            }
        }

        private void printTable(PrintWriter out, List<StoredEvent> events) throws Exception {
            out.printf("Events of %s (%d, oldest first; read from sequence 0, upcasted)%n", aggregateId, events.size());
            String row = "%5s  %-24s  %-16s  %-24s  %-36s  %s%n";
            out.printf(row, "SEQ", "TIME", "TYPE", "ACTOR", "CORRELATION / TRACE", "PAYLOAD");
            for (StoredEvent e : events) {
                JsonNode payload = payloadTree(e);
                String correlation = meta(e, "correlationId");
                String trace = meta(e, "traceId");
                out.printf(row, e.sequence(), e.timestamp(), e.type() + (e.payload() == null ? " (unreadable)" : ""),
                        actor(e, payload), correlation.isEmpty() && trace.isEmpty() ? "-" : correlation + " / " + trace,
                        JSON.copy().disable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(payload));
            }
        }
    }

    @Command(name = "account", mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 120,
            description = {"An account's balance, holds and movements as of an instant, from events alone.",
                    "Rebuilds the account from its events (not from read models): balance, held, available, open holds",
                    "and every movement, as of now or as of --at, checking the ledger invariants on the way."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:account printed, its events are consistent (before its first movement: balance 0)",
                    "1:unknown account (no events at all), or an invariant is broken",
                    "2:bad usage (e.g. malformed id or instant)", "3:unexpected error"})
    static class Account implements Callable<Integer> {

        private final CliContexts contexts;

        public Account(CliContexts contexts) {
            this.contexts = contexts;
        }

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "<account-id>", description = "account:user:<discordId> or account:guild:<guildId>")
        String accountId;

        @Option(names = "--at", paramLabel = "<instant>", converter = InstantConverter.class,
                description = {"Point in time, ISO-8601 (2026-11-22T10:15:30Z or 2026-11-22T11:15:30+01:00).",
                        "Includes every event stored at or before it. Default: now."})
        Instant at;

        @Option(names = "--format", defaultValue = "table", paramLabel = "table|json",
                description = "Output format (table or json). Default: ${DEFAULT-VALUE}")
        Format format;

        @Override
        public Integer call() throws Exception {
            try {
                AccountId.of(accountId);
            } catch (DomainException e) {
                String hint = BARE_OWNER.matcher(accountId).matches()
                        ? " (did you mean " + (accountId.startsWith("user:") || accountId.startsWith("guild:")
                        ? "account:" + accountId : "account:user:" + accountId + " or account:guild:" + accountId) + "?)"
                        : "";
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage() + hint);
            }
            if (format == Format.csv) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--format csv is not available for audit account; use table or json");
            }
            PrintWriter out = spec.commandLine().getOut();
            List<String> problems = new ArrayList<>();
            AccountFold fold = new AccountFold(accountId, true, problems::add);
            long[] counted = {0};
            Instant[] last = {null};
            try (ConfigurableApplicationContext ctx = contexts.auditing()) {
                StoredEvents store = StoredEvents.in(ctx);
                boolean[] past = {false};
                store.forAggregate(accountId, e -> {
                    if (past[0] || at != null && e.timestamp().isAfter(at)) {
                        past[0] = true; // the history is a sequence: nothing after the first later event counts
                        return;
                    }
                    fold.apply(e);
                    counted[0]++;
                    last[0] = e.timestamp();
                });
                if (counted[0] == 0 && !past[0]) {
                    spec.commandLine().getErr().println("agis audit account: unknown account " + accountId
                            + ": the event store has no events for it" + didYouMean(likelyMeant(accountId, store)));
                    return ExitCodes.PROBLEM;
                }
            }
            // an account that exists, asked about an instant before its first event: nothing had moved yet
            String none = counted[0] == 0 ? "no movements at or before " + at : null;
            if (format == Format.json) {
                ObjectNode n = JSON.createObjectNode();
                n.put("accountId", accountId);
                n.put("asOf", (at == null ? Instant.now() : at).toString());
                n.put("events", counted[0]);
                n.put("lastEventAt", last[0] == null ? null : last[0].toString());
                if (none != null) {
                    n.put("note", none);
                }
                n.put("balance", fold.balance());
                n.put("held", fold.held());
                n.put("available", fold.available());
                n.set("openHolds", JSON.valueToTree(fold.openHolds()));
                n.set("movements", JSON.valueToTree(fold.movements()));
                n.set("problems", JSON.valueToTree(problems));
                out.println(JSON.writeValueAsString(n));
            } else {
                if (none != null) {
                    out.printf("Account %s as of %s: %s%n", accountId, at, none);
                } else {
                    out.printf("Account %s as of %s (rebuilt from %d events, last at %s)%n", accountId,
                            at == null ? "now" : at, counted[0], last[0]);
                }
                out.printf("balance %d GC   held %d GC   available %d GC%n", fold.balance(), fold.held(), fold.available());
                out.printf("%nOpen holds (%d):%n", fold.openHolds().size());
                for (AccountFold.OpenHold h : fold.openHolds()) {
                    out.printf("  %-36s %8d GC  %-12s %-30s placed %s (seq %d)%n", h.holdId(), h.amount(), h.reason(),
                            h.counterpart(), h.placedAt(), h.sequence());
                }
                out.printf("%nMovements (%d, oldest first):%n", fold.movements().size());
                String row = "%5s  %-27s  %-12s  %-12s  %9s  %9s  %9s  %-30s  %-20s  %s%n";
                out.printf(row, "SEQ", "TIME", "KIND", "REASON", "AMOUNT", "BALANCE", "HELD", "IDEMPOTENCY KEY", "ACTOR", "COUNTERPART");
                for (AccountFold.MovementRow m : fold.movements()) {
                    out.printf(row, m.sequence(), m.occurredAt(), m.kind(), m.reason(), m.amount(), m.balanceAfter(), m.heldAfter(),
                            m.idempotencyKey(), m.actor(), m.counterpart());
                }
                if (!problems.isEmpty()) {
                    out.printf("%nBroken invariants (%d):%n", problems.size());
                    problems.forEach(p -> out.println("  " + p));
                }
            }
            out.flush();
            return problems.isEmpty() ? 0 : ExitCodes.PROBLEM;
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 120,
            description = {"Checks the ledger invariants and that the read models equal the events.",
                    "Replays every account stream from the event store (streamed, never loaded into memory) and checks:",
                    "  - sequences without gaps; every stated balance/held amount equals the running sum of amounts;",
                    "  - available balance never negative after a debit, transfer or hold, except by a chargeback;",
                    "  - holds placed once and resolved (captured or released) once, for their own amount;",
                    "  - idempotency keys unique per account;",
                    "  - every TransferSent has its TRANSFER_IN credit (key transfer/<id>) on the destination, or is",
                    "    reported as in flight while younger than --in-flight-grace;",
                    "  - the ledger read models account_balance (the leaderboard is a query over it) and account_movement",
                    "    equal the replay, row by row;",
                    "  - ledger movements held in a dead-letter queue or evicted from one are named (they explain a read",
                    "    model that differs from the events).",
                    "Prints a report naming every mismatching row. On a running AGIS the projections trail the store by",
                    "a moment: a mismatch on the newest events only is worth one re-run before acting on it."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:everything agrees", "1:at least one invariant is broken or a read-model row differs",
                    "2:bad usage", "3:unexpected error"})
    static class Verify implements Callable<Integer> {

        private final CliContexts contexts;

        public Verify(CliContexts contexts) {
            this.contexts = contexts;
        }

        @Spec
        CommandSpec spec;

        @Option(names = "--in-flight-grace", defaultValue = "PT5M", paramLabel = "<duration>",
                description = "How long a transfer may wait for its credit before it counts as lost (ISO-8601 duration). Default: ${DEFAULT-VALUE}")
        Duration inFlightGrace;

        @Option(names = "--max-problems", defaultValue = "1000", paramLabel = "<n>",
                description = "Print at most this many problems (all are counted). Default: ${DEFAULT-VALUE}")
        int maxProblems;

        @Option(names = "--format", defaultValue = "table", paramLabel = "table|json",
                description = {"Output format. json: one document {ok, events, accounts, movements, transfers, problemCount,",
                        "problems, inFlight, deadLetters} for scripts and alerts. Default: ${DEFAULT-VALUE}"})
        Format format;

        @Override
        public Integer call() throws JsonProcessingException {
            if (maxProblems < 1 || inFlightGrace.isNegative()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--max-problems must be ≥ 1 and --in-flight-grace not negative");
            }
            if (format == Format.csv) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--format csv is not available for audit verify; use table or json");
            }
            try (ConfigurableApplicationContext ctx = contexts.auditing()) {
                LedgerVerifier.Report report = new LedgerVerifier(StoredEvents.in(ctx), ctx.getBean(DataSource.class),
                        inFlightGrace, maxProblems, Instant.now()).run();
                return format == Format.json ? printJson(spec.commandLine().getOut(), report)
                        : print(spec.commandLine().getOut(), report);
            }
        }

        static int printJson(PrintWriter out, LedgerVerifier.Report report) throws JsonProcessingException {
            ObjectNode n = JSON.createObjectNode();
            n.put("ok", report.ok());
            n.put("events", report.events());
            n.put("accounts", report.accounts());
            n.put("movements", report.movements());
            n.put("transfers", report.transfers());
            n.put("problemCount", report.problemCount());
            n.set("problems", JSON.valueToTree(report.problems()));
            n.set("inFlight", JSON.valueToTree(report.inFlight()));
        n.set("deadLetters", JSON.valueToTree(report.deadLetters()));
            out.println(JSON.writeValueAsString(n));
            out.flush();
            return report.ok() ? 0 : ExitCodes.PROBLEM;
        }

        static int print(PrintWriter out, LedgerVerifier.Report report) {
            out.printf("Ledger verification: %d events, %d accounts, %d movements, %d transfers%n",
                    report.events(), report.accounts(), report.movements(), report.transfers());
            for (String t : report.inFlight()) {
                out.println("in flight: " + t);
            }
            for (String d : report.deadLetters()) {
                out.println("dead letter: " + d);
            }
            if (report.ok()) {
                out.println("OK: every invariant holds and the read models (account_balance, leaderboard, account_movement) equal the events");
            } else {
                out.printf("FAILED: %d problem(s)%n", report.problemCount());
                report.problems().forEach(p -> out.println("  " + p));
                if (report.problemCount() > report.problems().size()) {
                    out.printf("  … and %d more%n", report.problemCount() - report.problems().size());
                }
            }
            out.flush();
            return report.ok() ? 0 : ExitCodes.PROBLEM;
        }
    }

    /** ISO-8601 instant, or a date-time with an offset. */
    static class InstantConverter implements CommandLine.ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            try {
                return Instant.parse(value);
            } catch (DateTimeParseException e) {
                try {
                    return OffsetDateTime.parse(value).toInstant();
                } catch (DateTimeParseException e2) {
                    throw new CommandLine.TypeConversionException("'" + value + "' is not an ISO-8601 instant such as 2026-11-22T10:15:30Z");
                }
            }
        }
    }
}
