package dev.agis.cli;

import dev.agis.domain.common.Actor;
import dev.agis.domain.common.PlayerId;
import dev.agis.domain.experiment.Assignment;
import dev.agis.domain.experiment.ExperimentCommands.ArchiveExperiment;
import dev.agis.domain.experiment.ExperimentCommands.CreateExperiment;
import dev.agis.domain.experiment.ExperimentCommands.RecordExposure;
import dev.agis.domain.experiment.ExperimentCommands.StartExperiment;
import dev.agis.domain.experiment.ExperimentCommands.StopExperiment;
import dev.agis.domain.experiment.ExperimentKey;
import dev.agis.domain.experiment.ExperimentMetric;
import dev.agis.domain.experiment.ExperimentQueries.ExperimentResults;
import dev.agis.domain.experiment.ExperimentQueries.FindExperimentResults;
import dev.agis.domain.experiment.ExperimentQueries.VariantResult;
import dev.agis.domain.experiment.VariantSpec;
import org.HdrHistogram.Histogram;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.postgresql.PGConnection;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import javax.sql.DataSource;
import java.io.PrintStream;
import java.io.StringReader;
import java.math.BigInteger;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * {@code agis bench experiments}: (1) assignment decisions per second on one thread (the pure hash
 * and bucket lookup); (2) real exposures through the command gateway and the time until the
 * results projection caught up; (3) the results query for an experiment with N exposures.
 *
 * <p>For (3) the N exposures are seeded through the projection's storage path, not as N commands
 * (10^6 commands would take an hour on a small machine and measure the event store, not the query):
 * a real experiment is created and started with commands, each synthetic player is assigned with
 * the real {@link Assignment}, and the rows the projection would write (one per player plus the
 * per-variant sums) are bulk-loaded with COPY. The bench then checks that the incremental sums
 * equal a full rescan of the player rows before it times the query.
 */
@Command(name = "experiments", mixinStandardHelpOptions = true,
        description = {"Measures assignment decisions/s on one thread, real exposures through the command gateway,",
                "and the results query latency for an experiment with N exposures (seeded via the projection's tables).",
                "Uses the configured database; creates bench experiments only and removes their seeded rows unless --keep."})
public class ExperimentBench implements Callable<Integer> {

    private final CliContexts contexts;

    public ExperimentBench(CliContexts contexts) {
        this.contexts = contexts;
    }

    @Option(names = "--decisions", defaultValue = "50000000", description = "Assignment decisions to time. Default: ${DEFAULT-VALUE}")
    long decisions;

    @Option(names = "--exposures", defaultValue = "1000000", description = "Exposures seeded for the results query. Default: ${DEFAULT-VALUE}")
    int exposures;

    @Option(names = "--queries", defaultValue = "500", description = "Timed results queries. Default: ${DEFAULT-VALUE}")
    int queryRuns;

    @Option(names = "--command-exposures", defaultValue = "5000", description = "Exposures sent as real RecordExposure commands (0 = skip). Default: ${DEFAULT-VALUE}")
    int commandExposures;

    @Option(names = "--senders", defaultValue = "8", description = "Concurrent senders of the exposure commands. Default: ${DEFAULT-VALUE}")
    int senders;

    @Option(names = "--keep", description = "Keep the seeded rows and bench experiments.")
    boolean keep;

    private final PrintStream out = System.out;
    private final Actor actor = Actor.system("bench");

    @Override
    public Integer call() throws Exception {
        if (decisions < 1 || exposures < 1 || queryRuns < 1 || commandExposures < 0 || senders < 1) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "counts must be positive");
        }
        out.printf("agis bench experiments on %d cores (%s %s)%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"), System.getProperty("java.version"));
        assignment();
        try (ConfigurableApplicationContext ctx = contexts.application()) {
            String run = UUID.randomUUID().toString().substring(0, 8);
            CommandGateway commands = ctx.getBean(CommandGateway.class);
            QueryGateway queryGateway = ctx.getBean(QueryGateway.class);
            JdbcClient jdbc = ctx.getBean(JdbcClient.class);
            boolean ok = true;
            if (commandExposures > 0) {
                ok &= commandPath(commands, queryGateway, run);
            }
            ok &= resultsQuery(ctx, commands, queryGateway, jdbc, run);
            return ok ? 0 : ExitCodes.PROBLEM;
        }
    }

    /** One thread, player ids prepared up front, so the figure is the hash and bucket lookup alone. */
    private void assignment() {
        int distinct = 1 << 20;
        String[] players = new String[distinct];
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < distinct; i++) {
            players[i] = Long.toString(100_000_000_000_000_000L + random.nextLong(900_000_000_000_000_000L)); // Discord-like snowflakes
        }
        Assignment.Plan plan = Assignment.Plan.of(new int[]{1, 1, 1}, 80);
        String key = "reward-boost-2026";
        long[] counts = new long[4];
        for (int i = 0; i < 5_000_000; i++) { // warm-up for the JIT
            counts[plan.assign(key, players[i & (distinct - 1)]) + 1]++;
        }
        counts = new long[4];
        long start = System.nanoTime();
        for (long i = 0; i < decisions; i++) {
            counts[plan.assign(key, players[(int) (i & (distinct - 1))]) + 1]++;
        }
        long elapsed = System.nanoTime() - start;
        out.printf("assignment: %d decisions on one thread in %.2fs -> %.0f decisions/s (%.0f ns each); split out/a/b/c = %.4f/%.4f/%.4f/%.4f%n",
                decisions, elapsed / 1e9, decisions / (elapsed / 1e9), elapsed / (double) decisions,
                counts[0] / (double) decisions, counts[1] / (double) decisions, counts[2] / (double) decisions, counts[3] / (double) decisions);
    }

    private ExperimentKey createAndStart(CommandGateway commands, String name) {
        ExperimentKey key = ExperimentKey.of(name);
        commands.sendAndWait(new CreateExperiment(key, "bench", null, List.of(
                new VariantSpec("control", 1, "{\"color\": \"blue\"}"),
                new VariantSpec("treatment", 1, "{\"color\": \"green\"}")), "control", 100,
                ExperimentMetric.CONVERSION_RATE, null, actor));
        commands.sendAndWait(new StartExperiment(key, actor));
        return key;
    }

    /** Real RecordExposure commands from several senders, then the wait until the projection counted them all. */
    private boolean commandPath(CommandGateway commands, QueryGateway queries, String run) throws Exception {
        ExperimentKey key = createAndStart(commands, "bench-cmd-" + run);
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < senders; t++) {
            workers.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < commandExposures; i = next.getAndIncrement()) {
                    commands.sendAndWait(new RecordExposure(key, PlayerId.of("b" + run + "x" + i)));
                }
                return null;
            }));
        }
        for (Future<?> w : workers) {
            w.get();
        }
        long sent = System.nanoTime() - start;
        pool.shutdown();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        long projected = 0;
        while (System.nanoTime() < deadline) {
            projected = results(queries, key).players();
            if (projected >= commandExposures) {
                break;
            }
            Thread.sleep(5);
        }
        long caughtUp = System.nanoTime() - start;
        out.printf("exposure commands: %d in %.2fs with %d senders -> %.0f exposures/s; results projection counted all %.2fs after the first%n",
                commandExposures, sent / 1e9, senders, commandExposures / (sent / 1e9), caughtUp / 1e9);
        commands.sendAndWait(new StopExperiment(key, actor));
        if (!keep) {
            commands.sendAndWait(new ArchiveExperiment(key, actor));
        }
        return projected == commandExposures;
    }

    private boolean resultsQuery(ConfigurableApplicationContext ctx, CommandGateway commands, QueryGateway queries,
                                 JdbcClient jdbc, String run) throws Exception {
        ExperimentKey key = createAndStart(commands, "bench-results-" + run);
        long seedStart = System.nanoTime();
        seed(ctx.getBean(DataSource.class), jdbc, key);
        out.printf("seeded %d exposures via the projection tables in %.1fs%n", exposures, (System.nanoTime() - seedStart) / 1e9);

        // the incremental sums must equal a full rescan of the players
        Map<String, long[]> rescan = jdbc.sql("""
                        SELECT variant, count(*), count(*) FILTER (WHERE conversions > 0), sum(conversions), sum(gc_value)
                        FROM experiment_player WHERE experiment_key = :key GROUP BY variant""")
                .param("key", key.value())
                .query((rs, n) -> Map.entry(rs.getString(1), new long[]{rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)}))
                .list().stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));

        for (int i = 0; i < 50; i++) { // warm-up
            results(queries, key);
        }
        Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        ExperimentResults last = null;
        for (int i = 0; i < queryRuns; i++) {
            long before = System.nanoTime();
            last = results(queries, key);
            latency.recordValue(System.nanoTime() - before);
        }
        boolean exact = last.players() == exposures;
        for (VariantResult v : last.variants()) {
            long[] r = rescan.getOrDefault(v.name(), new long[4]);
            exact &= v.players() == r[0] && v.converters() == r[1] && v.conversions() == r[2] && v.gcTotal() == r[3];
        }
        out.printf("results query (QueryGateway, %d exposures, %d runs): p50 %.2f ms  p99 %.2f ms  max %.2f ms%n",
                exposures, queryRuns, latency.getValueAtPercentile(50) / 1e6, latency.getValueAtPercentile(99) / 1e6, latency.getMaxValue() / 1e6);
        for (VariantResult v : last.variants()) {
            out.printf("  %-9s players %d  rate %.4f  GC/player %.3f%s%n", v.name(), v.players(), v.conversionRate(), v.gcPerPlayer(),
                    v.conversionVsControl() == null ? "" : String.format("  p(rate) %.4g  p(GC) %.4g",
                            v.conversionVsControl().pValue(), v.gcPerPlayerVsControl().pValue()));
        }
        out.printf("  sample ratio: chi2 %.3f p %.4f mismatch %s%n", last.sampleRatio().chiSquare(), last.sampleRatio().pValue(), last.sampleRatio().mismatch());
        out.printf("consistency: incremental sums vs full rescan of %d player rows -> %s%n", exposures, exact ? "EXACT" : "MISMATCH");

        commands.sendAndWait(new StopExperiment(key, actor));
        if (!keep) {
            jdbc.sql("DELETE FROM experiment_player WHERE experiment_key = :key").param("key", key.value()).update();
            jdbc.sql("DELETE FROM experiment_variant_stats WHERE experiment_key = :key").param("key", key.value()).update();
            commands.sendAndWait(new ArchiveExperiment(key, actor));
        }
        return exact;
    }

    private static ExperimentResults results(QueryGateway queries, ExperimentKey key) {
        return queries.query(new FindExperimentResults(key), ResponseTypes.instanceOf(ExperimentResults.class)).join();
    }

    /**
     * What the results projection would store for N exposures: each player assigned by the real
     * hash; about 8 % (control) / 9 % (treatment) convert with 10..200 GC.
     */
    private void seed(DataSource ds, JdbcClient jdbc, ExperimentKey key) throws Exception {
        Assignment.Plan plan = Assignment.Plan.of(new int[]{1, 1}, 100);
        String[] names = {"control", "treatment"};
        long[] players = new long[2];
        long[] converters = new long[2];
        long[] sums = new long[2];
        BigInteger[] squares = {BigInteger.ZERO, BigInteger.ZERO};
        SplittableRandom random = new SplittableRandom(7);
        String exposedAt = Instant.now().minus(Duration.ofHours(1)).toString();
        int chunk = 100_000;
        try (Connection c = ds.getConnection()) {
            var copy = c.unwrap(PGConnection.class).getCopyAPI();
            for (int from = 0; from < exposures; from += chunk) {
                StringBuilder csv = new StringBuilder(chunk * 64);
                for (int i = from; i < Math.min(exposures, from + chunk); i++) {
                    String player = "s" + key.value().hashCode() + "x" + i;
                    int v = plan.assign(key.value(), player);
                    boolean converts = random.nextDouble() < (v == 0 ? 0.08 : 0.09);
                    long gc = converts ? 10 + random.nextInt(191) : 0;
                    players[v]++;
                    if (converts) {
                        converters[v]++;
                        sums[v] += gc;
                        squares[v] = squares[v].add(BigInteger.valueOf(gc * gc));
                    }
                    csv.append(key.value()).append(',').append(player).append(',').append(names[v]).append(',').append(exposedAt)
                            .append(',').append(converts ? 1 : 0).append(',').append(gc).append(',').append(converts ? 1 : -1).append('\n');
                }
                copy.copyIn("COPY experiment_player (experiment_key, player_id, variant, exposed_at, conversions, gc_value, last_ledger_sequence) "
                        + "FROM STDIN (FORMAT csv)", new StringReader(csv.toString()));
            }
        }
        for (int v = 0; v < 2; v++) {
            jdbc.sql("""
                            INSERT INTO experiment_variant_stats (experiment_key, variant, players, converters, conversions, gc_sum, gc_sum_squares)
                            VALUES (:key, :variant, :players, :converters, :converters, :sum, :squares)
                            ON CONFLICT (experiment_key, variant) DO UPDATE SET
                                players = experiment_variant_stats.players + EXCLUDED.players,
                                converters = experiment_variant_stats.converters + EXCLUDED.converters,
                                conversions = experiment_variant_stats.conversions + EXCLUDED.conversions,
                                gc_sum = experiment_variant_stats.gc_sum + EXCLUDED.gc_sum,
                                gc_sum_squares = experiment_variant_stats.gc_sum_squares + EXCLUDED.gc_sum_squares""")
                    .param("key", key.value())
                    .param("variant", names[v])
                    .param("players", players[v])
                    .param("converters", converters[v])
                    .param("sum", sums[v])
                    .param("squares", new java.math.BigDecimal(squares[v]))
                    .update();
        }
    }
}
