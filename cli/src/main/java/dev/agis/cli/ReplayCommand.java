package dev.agis.cli;

import dev.agis.cli.audit.LedgerVerifier;
import dev.agis.cli.audit.StoredEvents;
import dev.agis.projections.ProcessorSegments;
import dev.agis.projections.ProcessorSettings;
import dev.agis.projections.ledger.LedgerProjection;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.serialization.Serializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import javax.sql.DataSource;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/**
 * {@code agis replay}: rebuilds projections from the event store.
 *
 * <p>Coordination with running AGIS instances goes through the token store: a processor's segments
 * are claimed by the instance processing them and the claim is refreshed every few seconds. The
 * replay runs its own copy of each processor (same event handlers, replay-sized batches) under the
 * node id {@code agis-replay@…}; it refuses to start while another node holds a fresh claim, unless
 * {@code --force} takes the claims over (the running instances then stop processing that
 * processor until the replay releases its claims, and continue from the replayed position).
 */
@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 120,
        description = {"Rebuilds projections from the event store, with a progress bar and a final check.",
                "Resets each processor's tokens (its @ResetHandler empties its tables), replays every event with",
                "replay-sized batches, shows a progress bar (events done/total, events/s, ETA), and ends with the",
                "consistency check of 'agis audit verify'.",
                "",
                "Projections are the pooled streaming event processors whose handlers allow replay",
                "(process managers and side effects are @DisallowReplay and never replayed).",
                "",
                "While AGIS runs elsewhere: a processor's segments are claimed by the instance processing it.",
                "Replay refuses to touch a processor whose claims are fresh (refreshed within the claim timeout,",
                "10 s by default). Either stop the AGIS instances (or wait until they stopped), or pass --force to",
                "take the claims over: the running instances then pause that processor (their next token update",
                "fails and they retry) and pick it up from the replayed position when the replay ends. Readers of",
                "the projection see partial data until the replay has finished."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:rebuilt, and the consistency check agrees", "1:rebuilt, but the consistency check found a problem",
                "2:bad usage (unknown projection; claims held by a running instance without --force)",
                "3:unexpected error (e.g. an event handler failed during the replay)"})
public class ReplayCommand implements Callable<Integer> {

    private final CliContexts contexts;

    public ReplayCommand(CliContexts contexts) {
        this.contexts = contexts;
    }

    static final String REPLAY_NODE_PREFIX = "agis-replay@";
    private static final Duration CLAIM_TIMEOUT = Duration.ofSeconds(10);

    @Spec
    CommandSpec spec;

    @ArgGroup(multiplicity = "1")
    Selection selection;

    static class Selection {
        @Parameters(paramLabel = "<projection>", arity = "1..*", description = "Processing group(s) to rebuild, e.g. ledger.")
        List<String> names;

        @Option(names = "--all", required = true, description = "Rebuild every projection.")
        boolean all;
    }

    @Option(names = "--batch-size", defaultValue = "100000", paramLabel = "<n>",
            description = {"Events per transaction, at most; a transaction also ends after 3 s, so the replay's claims",
                    "stay fresh (live processing uses agis.processors.batch-size). Default: ${DEFAULT-VALUE}"})
    int batchSize;

    @Option(names = "--fetch-size", defaultValue = "5000", paramLabel = "<n>",
            description = "Rows fetched from the store per read query, handed to the handlers as one batch. Default: ${DEFAULT-VALUE}")
    int fetchSize;

    @Option(names = "--force", description = "Take over segment claims held by running AGIS instances (see above).")
    boolean force;

    @Option(names = "--no-progress", description = "No progress bar (for logs); prints a line every 10 s instead.")
    boolean noProgress;

    @Option(names = "--skip-check", description = "Skip the final consistency check.")
    boolean skipCheck;

    @Override
    public Integer call() throws Exception {
        if (batchSize < 1 || fetchSize < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--batch-size and --fetch-size must be ≥ 1");
        }
        PrintWriter out = spec.commandLine().getOut();
        // This context's own processors never claim a segment: the replay runs its own copies below.
        // Axon's handler time limits are off: they take a stack trace and schedule a timer for every
        // event, which costs a replay more than the projection's own work; the operator watches the
        // progress bar instead.
        try (ConfigurableApplicationContext ctx = contexts.application("agis.processors.max-claimed-segments=0",
                "axon.timeout.enabled=false")) {
            EventProcessingConfiguration processing = ctx.getBean(EventProcessingConfiguration.class);
            Map<String, PooledStreamingEventProcessor> replayable = new TreeMap<>();
            List<String> notReplayable = new ArrayList<>();
            processing.eventProcessors().forEach((name, p) -> {
                if (p instanceof PooledStreamingEventProcessor psep && psep.supportsReset()) {
                    replayable.put(name, psep);
                } else if (p instanceof StreamingEventProcessor) {
                    notReplayable.add(name);
                }
            });
            List<String> chosen = selection.all ? List.copyOf(replayable.keySet()) : selection.names;
            for (String name : chosen) {
                if (!replayable.containsKey(name)) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "'" + name + "' is not a projection that can be replayed. "
                            + "Projections: " + replayable.keySet() + (notReplayable.isEmpty() ? "" : "; not replayable (process managers, side effects): " + notReplayable));
                }
            }
            processing.eventProcessors().values().forEach(EventProcessor::shutDown);

            JdbcClient jdbc = ctx.getBean(JdbcClient.class);
            String node = REPLAY_NODE_PREFIX + ManagementFactory.getRuntimeMXBean().getName();
            if (!force) {
                for (String name : chosen) {
                    List<String> claims = freshClaims(jdbc, name, node);
                    if (!claims.isEmpty()) {
                        throw new CommandLine.ParameterException(spec.commandLine(), "projection '" + name
                                + "' is being processed by a running AGIS instance: " + String.join("; ", claims)
                                + ". Stop the instances (claims expire " + CLAIM_TIMEOUT.toSeconds() + " s after they stop), or use --force "
                                + "to take the claims over (see agis replay --help).");
                    }
                }
            }

            ConnectionProvider connections = ctx.getBean(ConnectionProvider.class);
            TransactionManager transactions = ctx.getBean(TransactionManager.class);
            Serializer serializer = ctx.getBean(Serializer.class);
            org.axonframework.config.Configuration axon = ctx.getBean(org.axonframework.config.Configuration.class);
            TokenStore tokens = JdbcTokenStore.builder()
                    .connectionProvider(connections)
                    .schema(ctx.getBean(TokenSchema.class))
                    .serializer(serializer)
                    .claimTimeout(CLAIM_TIMEOUT)
                    .nodeId(node)
                    .build();
            ProcessorSegments segments = ctx.getBean(ProcessorSettings.class).segmentCounts();
            List<StoreReplay.Group> groups = chosen.stream().map(name -> new StoreReplay.Group(name,
                    replayable.get(name).eventHandlerInvoker(), processing.sequencingPolicy(name))).toList();
            StoreReplay replay = new StoreReplay(groups, tokens, transactions, ctx.getBean(DataSource.class), ctx.getBean(EventSchema.class),
                    serializer, axon.upcasterChain(), batchSize, fetchSize);
            long started = System.nanoTime();
            long events = replay(out, replay, segments);
            double seconds = (System.nanoTime() - started) / 1e9;
            for (String name : chosen) {
                out.printf("%s: replayed %d events in %.1f s -> %.0f events/s%n", name, events, seconds, events / seconds);
            }
            out.flush();

            if (skipCheck) {
                return 0;
            }
            out.println("Consistency check (as agis audit verify):");
            StoredEvents stored = StoredEvents.in(ctx);
            LedgerVerifier.Report report = new LedgerVerifier(stored, ctx.getBean(DataSource.class), Duration.ofMinutes(5),
                    1000, Instant.now()).run();
            if (!chosen.contains(LedgerProjection.GROUP)) {
                out.println("(the check covers the ledger read models; other projections have no independent check yet)");
            }
            return AuditCommand.Verify.print(out, report);
        }
    }

    /** Claims of this processor held by another node and refreshed within the claim timeout. */
    static List<String> freshClaims(JdbcClient jdbc, String processor, String self) {
        Instant now = Instant.now();
        List<String> fresh = new ArrayList<>();
        jdbc.sql("SELECT segment, owner, timestamp FROM token_entry WHERE processor_name = :p AND owner IS NOT NULL ORDER BY segment")
                .param("p", processor)
                .query(rs -> {
                    String owner = rs.getString(2);
                    Instant at;
                    try {
                        at = Instant.parse(rs.getString(3));
                    } catch (DateTimeParseException | NullPointerException e) {
                        at = now; // unreadable claim time: treat as fresh
                    }
                    Duration age = Duration.between(at, now);
                    if (!owner.equals(self) && age.compareTo(CLAIM_TIMEOUT) < 0) {
                        fresh.add("segment " + rs.getInt(1) + " claimed by " + owner + " " + Math.max(0, age.toMillis()) + " ms ago");
                    }
                });
        return fresh;
    }

    /** All chosen projections in one pass over the store (see {@link StoreReplay}). */
    private long replay(PrintWriter out, StoreReplay replay, ProcessorSegments segments) throws Exception {
        replay.vacuumFreshEventStore((rows, seconds) -> {
            out.printf("vacuumed the event store first (%d rows written since its last vacuum, e.g. after a restore) in %.1f s%n",
                    rows, seconds);
            out.flush();
        });
        StoreReplay.Start start = replay.reset(force, segments, (name, taken) -> {
            if (taken > 0) {
                out.printf("%s: took over %d segment claim(s) from running instances (--force)%n", name, taken);
            }
        });
        try {
            for (StoreReplay.Claimed claimed : start.groups()) {
                out.printf("%s: %d segment(s), reset%n", claimed.group().name(), claimed.segmentIds().length);
            }
            String label = start.groups().size() == 1 ? start.groups().get(0).group().name() : start.groups().size() + " projections";
            out.printf("replaying %s in one pass: %d events up to position %d, transactions of up to %d events in chunks of %d%n",
                    label, start.events(), start.head(), batchSize, Math.min(fetchSize, batchSize));
            out.flush();
            try (ProgressBar bar = progressBar(label, start.head())) {
                long[] lastLine = {System.nanoTime()};
                replay.replay(start, done -> {
                    if (bar != null) {
                        bar.stepTo(Math.min(done, start.head()));
                    } else if (System.nanoTime() - lastLine[0] > 10_000_000_000L) {
                        out.printf("replay: %d / %d%n", done, start.head());
                        out.flush();
                        lastLine[0] = System.nanoTime();
                    }
                });
                if (bar != null) {
                    bar.stepTo(start.head());
                }
            }
            return start.events();
        } finally {
            replay.release(start); // live instances continue from the replayed position
        }
    }

    private ProgressBar progressBar(String name, long max) {
        if (noProgress) {
            return null;
        }
        return new ProgressBarBuilder()
                .setTaskName("replay " + name)
                .setInitialMax(Math.max(max, 1))
                .setUnit(" events", 1)
                .showSpeed()
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(500)
                .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(new PrintStream(System.err, true)))
                .build();
    }
}
