package dev.agis.cli;

import dev.agis.domain.account.AccountCommands.CreditAccount;
import dev.agis.domain.account.AccountCommands.DebitAccount;
import dev.agis.domain.account.AccountCommands.TransferCredits;
import dev.agis.domain.account.AccountId;
import dev.agis.domain.account.MovementReason;
import dev.agis.domain.common.Actor;
import dev.agis.domain.common.Credits;
import dev.agis.domain.common.DomainErrorDetails;
import dev.agis.domain.common.Failures;
import org.HdrHistogram.Histogram;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import javax.sql.DataSource;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.Callable;

/**
 * {@code agis bench ledger}: credit/debit/transfer commands through the command gateway against the
 * configured database, then the time until the projections have caught up, then the database's
 * raw single-row insert rate as the physical reference.
 */
@Command(name = "ledger", mixinStandardHelpOptions = true,
        description = {"Drives credit/debit/transfer commands through the command gateway with N accounts and C senders,",
                "prints commands/s, latency percentiles and the time until the projections caught up,",
                "and the raw single-row insert transactions/s of the same database as reference.",
                "Uses the configured database (the running embedded one by default); creates bench accounts only."})
public class LedgerBench implements Callable<Integer> {

    private final CliContexts contexts;

    public LedgerBench(CliContexts contexts) {
        this.contexts = contexts;
    }

    @Option(names = "--accounts", defaultValue = "1000", description = "Accounts to spread the load over (1 = one hot account). Default: ${DEFAULT-VALUE}")
    int accounts;

    @Option(names = "--senders", defaultValue = "16", description = "Concurrent senders. Default: ${DEFAULT-VALUE}")
    int senders;

    @Option(names = "--seconds", defaultValue = "30", description = "Measured duration. Default: ${DEFAULT-VALUE}")
    int seconds;

    @Option(names = "--warmup-seconds", defaultValue = "30",
            description = "Unmeasured warm-up (the JIT compiles the command path for about half a minute on 2 cores). Default: ${DEFAULT-VALUE}")
    int warmupSeconds;

    @Option(names = "--raw-seconds", defaultValue = "10", description = "Duration of the raw insert reference (0 = skip). Default: ${DEFAULT-VALUE}")
    int rawSeconds;

    private final PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        if (accounts < 1 || senders < 1 || seconds < 1 || warmupSeconds < 0 || rawSeconds < 0) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--accounts, --senders and --seconds must be ≥ 1");
        }
        try (ConfigurableApplicationContext ctx = contexts.application()) {
            CommandGateway commands = ctx.getBean(CommandGateway.class);
            String run = UUID.randomUUID().toString().substring(0, 8);
            List<AccountId> ids = new ArrayList<>();
            for (int i = 0; i < accounts; i++) {
                ids.add(AccountId.user("bench" + run + "x" + i));
            }
            out.printf("agis bench ledger: %d accounts, %d senders, %ds measured after %ds warm-up (run %s)%n",
                    accounts, senders, seconds, warmupSeconds, run);
            JdbcClient sql = ctx.getBean(JdbcClient.class);
            out.printf("machine: %d cores, JVM max heap %d MiB; database: %s; fsync=%s synchronous_commit=%s%n",
                    Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                    sql.sql("SELECT split_part(version(), ' on ', 1)").query(String.class).single(),
                    sql.sql("SELECT current_setting('fsync')").query(String.class).single(),
                    sql.sql("SELECT current_setting('synchronous_commit')").query(String.class).single());
            Load load = new Load(commands, ids, run);
            long seed = 1_000_000;
            load.seed(seed, senders);
            if (warmupSeconds > 0) {
                load.drive(senders, warmupSeconds, null);
            }
            Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
            CpuUsage cpu = CpuUsage.start();
            Result r = load.drive(senders, seconds, latency);
            double perSecond = r.ok / (r.elapsedNanos / 1e9);
            out.printf("commands: %d ok, %d rejected %s in %.1fs -> %.0f commands/s%n",
                    r.ok, r.rejected, r.rejectedByCode, r.elapsedNanos / 1e9, perSecond);
            out.printf("latency ms: p50 %.2f  p95 %.2f  p99 %.2f  max %.2f%n",
                    ms(latency.getValueAtPercentile(50)), ms(latency.getValueAtPercentile(95)),
                    ms(latency.getValueAtPercentile(99)), ms(latency.getMaxValue()));

            ProcessorProgress progress = ctx.getBean(ProcessorProgress.class);
            long lastCommandDone = System.nanoTime();
            Map<String, Duration> each = progress.awaitEachReaching(progress.headPosition(), Duration.ofMinutes(5));
            progress.awaitCaughtUp(Duration.ofMinutes(5));
            Duration caughtUp = Duration.ofNanos(System.nanoTime() - lastCommandDone);
            out.printf("projections caught up %d ms after the last command (slowest to reach the head at the last command: %s)%n",
                    caughtUp.toMillis(), each.entrySet().stream().limit(3)
                            .map(e -> e.getKey() + " " + e.getValue().toMillis() + " ms").collect(Collectors.joining(", ")));
            out.println(cpu.report(r.ok));

            long expected = load.expectedTotal(seed);
            Long projected = sql
                    .sql("SELECT coalesce(sum(balance), 0) FROM account_balance WHERE account_id LIKE :p")
                    .param("p", "account:user:bench" + run + "x%").query(Long.class).single();
            boolean exact = projected == expected;
            out.printf("ledger check: expected total %d GC, read model %d GC -> %s%n", expected, projected, exact ? "EXACT" : "MISMATCH");

            if (rawSeconds > 0) {
                double raw = RawInserts.perSecond(ctx.getBean(DataSource.class)::getConnection, senders, rawSeconds);
                out.printf("raw single-row insert transactions (same database, %d connections): %.0f tx/s%n", senders, raw);
            }
            return exact ? 0 : ExitCodes.PROBLEM;
        }
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    record Result(long ok, long rejected, Map<String, Long> rejectedByCode, long elapsedNanos) {
    }

    /** The workload: credits, debits and transfers over the bench accounts, tracking the expected total. */
    private static final class Load {
        private final CommandGateway commands;
        private final List<AccountId> ids;
        private final String run;
        private final AtomicLong sequence = new AtomicLong();
        private final AtomicLong net = new AtomicLong(); // credits minus debits that succeeded
        private final Actor actor = Actor.system("bench");

        Load(CommandGateway commands, List<AccountId> ids, String run) {
            this.commands = commands;
            this.ids = ids;
            this.run = run;
        }

        void seed(long amount, int threads) throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> done = new ArrayList<>();
            for (AccountId id : ids) {
                done.add(pool.submit(() -> commands.sendAndWait(new CreditAccount(id, Credits.of(amount), MovementReason.ADMIN_GRANT,
                        "seed-" + run, actor, "bench:" + run))));
            }
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
        }

        long expectedTotal(long seed) {
            return seed * ids.size() + net.get();
        }

        Result drive(int threads, int seconds, Histogram latency) throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            LongAdder ok = new LongAdder();
            LongAdder rejected = new LongAdder();
            Map<String, Long> byCode = new ConcurrentHashMap<>();
            long start = System.nanoTime();
            long end = start + TimeUnit.SECONDS.toNanos(seconds);
            List<Future<Histogram>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    Histogram mine = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    while (System.nanoTime() < end) {
                        long before = System.nanoTime();
                        try {
                            one(random);
                            ok.increment();
                        } catch (RuntimeException e) {
                            rejected.increment();
                            String code = Failures.domainError(e).map(DomainErrorDetails::code).orElse(e.getClass().getSimpleName());
                            byCode.merge(code, 1L, Long::sum);
                        }
                        mine.recordValue(Math.min(System.nanoTime() - before, TimeUnit.SECONDS.toNanos(60)));
                    }
                    return mine;
                }));
            }
            for (Future<Histogram> w : workers) {
                Histogram h = w.get();
                if (latency != null) {
                    latency.add(h);
                }
            }
            long elapsed = System.nanoTime() - start;
            pool.shutdown();
            return new Result(ok.sum(), rejected.sum(), byCode, elapsed);
        }

        private void one(ThreadLocalRandom random) {
            AccountId account = ids.get(random.nextInt(ids.size()));
            String key = "b-" + run + "-" + sequence.incrementAndGet();
            int dice = random.nextInt(10);
            long amount = 1 + random.nextInt(50);
            if (dice < 4) {
                commands.sendAndWait(new CreditAccount(account, Credits.of(amount), MovementReason.ADMIN_GRANT, key, actor, "bench:" + run));
                net.addAndGet(amount);
            } else if (dice < 8 || ids.size() == 1) {
                commands.sendAndWait(new DebitAccount(account, Credits.of(amount), MovementReason.ADMIN_DEBIT, key, actor, "bench:" + run));
                net.addAndGet(-amount);
            } else {
                AccountId to = ids.get(random.nextInt(ids.size()));
                if (to.equals(account)) {
                    to = ids.get((ids.indexOf(account) + 1) % ids.size());
                }
                commands.sendAndWait(new TransferCredits(account, to, Credits.of(amount), key, actor));
            }
        }
    }
}
