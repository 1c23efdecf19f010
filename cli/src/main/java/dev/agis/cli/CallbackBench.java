package dev.agis.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agis.domain.conversion.AyetSignature;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code agis bench callbacks}: signed ayeT callbacks over real HTTP to a running AGIS at a target
 * rate, with a share of resends and reversals. Prints accepted/s and answer times, the time the
 * ledger read model needs to catch up after the load and the credited rate, the server's CPU per
 * callback, then the raw single-row INSERT rate of the same database as the reference and the
 * ratios; the ledger total of the bench players must match exactly.
 */
@Command(name = "callbacks", mixinStandardHelpOptions = true,
        description = {"Sends signed ayeT S2S callbacks to a running AGIS at a target rate (with resends and reversals),",
                "prints accepted and credited callbacks/s, answer-time percentiles, the ledger's catch-up time and CPU per",
                "callback, then the raw single-row insert transactions/s of the same database as reference and the ratios.",
                "Checks the ledger total of the bench players against the expected total. Creates bench players only."})
public class CallbackBench implements Callable<Integer> {

    @Option(names = "--url", defaultValue = "http://localhost:8080", description = "Base URL of AGIS. Default: ${DEFAULT-VALUE}")
    String url;

    @Option(names = "--api-key", defaultValue = "${env:AYET_API_KEY}", description = "The ayeT API key AGIS verifies with (default: $AYET_API_KEY)")
    String apiKey;

    @Option(names = "--rate", defaultValue = "500", description = "Callbacks per second to send. Default: ${DEFAULT-VALUE}")
    int rate;

    @Option(names = "--seconds", defaultValue = "60", description = "Measured duration. Default: ${DEFAULT-VALUE}")
    int seconds;

    @Option(names = "--warmup-seconds", defaultValue = "30",
            description = "Unmeasured warm-up at the same rate (lets the JIT compile the callback path). Default: ${DEFAULT-VALUE}")
    int warmupSeconds;

    @Option(names = "--duplicates", defaultValue = "0.10", description = "Share of callbacks that resend an earlier one. Default: ${DEFAULT-VALUE}")
    double duplicateShare;

    @Option(names = "--reversals", defaultValue = "0.05", description = "Share of callbacks that reverse an earlier conversion. Default: ${DEFAULT-VALUE}")
    double reversalShare;

    @Option(names = "--max-in-flight", defaultValue = "256", description = "Most requests waiting for an answer. Default: ${DEFAULT-VALUE}")
    int maxInFlight;

    @Option(names = "--per-player", defaultValue = "5", description = "Conversions per bench player (stay under the velocity fraud rule). Default: ${DEFAULT-VALUE}")
    int perPlayer;

    @Option(names = "--jdbc-url", defaultValue = "jdbc:postgresql://127.0.0.1:54329/agis", description = "Database of that AGIS, for the ledger check. Default: ${DEFAULT-VALUE}")
    String jdbcUrl;

    @Option(names = "--db-user", defaultValue = "postgres", description = "Default: ${DEFAULT-VALUE}")
    String dbUser;

    @Option(names = "--db-password", defaultValue = "", description = "Default: empty")
    String dbPassword;

    @Option(names = "--settle-seconds", defaultValue = "180", description = "How long to wait for the ledger to settle. Default: ${DEFAULT-VALUE}")
    int settleSeconds;

    @Option(names = "--raw-seconds", defaultValue = "10", description = "Duration of the raw insert reference (0 = skip). Default: ${DEFAULT-VALUE}")
    int rawSeconds;

    @Option(names = "--raw-connections", defaultValue = "16", description = "Connections of the raw insert reference. Default: ${DEFAULT-VALUE}")
    int rawConnections;

    /** Targets of the write-path design (issue 15): share of the raw insert rate, answer time, catch-up. */
    static final double TARGET_SHARE = 0.25;
    static final double TARGET_P99_MS = 100;
    static final double TARGET_CATCH_UP_SECONDS = 5;

    private final PrintStream out = System.out;

    /** One conversion the bench made; {@code state}: 0 sent, 1 reversal sent. */
    record Sent(String query, String hash, String tx, String player, long amount) {
    }

    private final List<Sent> conversions = new ArrayList<>();
    private final Map<String, Boolean> reversed = new ConcurrentHashMap<>();
    private final AtomicLong expected = new AtomicLong();
    private String run;
    private Connection database;

    @Override
    public Integer call() throws Exception {
        if (apiKey == null || apiKey.isBlank() || rate < 1 || seconds < 1 || perPlayer < 1
                || duplicateShare < 0 || reversalShare < 0 || duplicateShare + reversalShare >= 1) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--api-key is required; --rate, --seconds, --per-player ≥ 1; shares ≥ 0 and together < 1");
        }
        run = UUID.randomUUID().toString().substring(0, 8);
        try {
            return measure();
        } finally {
            if (database != null) {
                database.close();
            }
        }
    }

    private int measure() throws Exception {
        // Blocking keep-alive connections, one sender thread per request in flight: 1.0 ms of the
        // bench's CPU per request where the asynchronous JDK HttpClient took 1.5 ms (docs/performance.md),
        // CPU that AGIS shares on the bench machine.
        System.setProperty("http.maxConnections", Integer.toString(maxInFlight));
        ExecutorService http = Executors.newFixedThreadPool(maxInFlight, r -> {
            Thread t = new Thread(r, "bench-sender");
            t.setDaemon(true);
            return t;
        });
        out.printf("agis bench callbacks: %s, %d/s for %ds after %ds warm-up, %.0f%% resends, %.0f%% reversals (run %s)%n",
                url, rate, seconds, warmupSeconds, duplicateShare * 100, reversalShare * 100, run);
        if (warmupSeconds > 0) {
            drive(http, warmupSeconds, null);
            out.printf("warm-up: ledger settled %.1fs after its load%n", settle());
        }
        long movementsBefore = movements();
        Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        OptionalLong cpuBefore = serverCpuNanos();
        Result r = drive(http, seconds, latency);
        http.shutdown();
        double catchUp = settle();
        OptionalLong cpuAfter = serverCpuNanos();
        long credited = movements() - movementsBefore;
        boolean exact = expected.get() == balances();

        double window = r.elapsedNanos / 1e9;
        double acceptedRate = r.accepted / window;
        double creditedRate = credited / (window + catchUp);
        double p99 = ms(latency.getValueAtPercentile(99));
        out.printf("sent %d in %.1fs (%.0f/s offered): %d accepted (200) -> %.0f accepted/s; %s%n",
                r.sent, window, r.sent / window, r.accepted, acceptedRate, r.byStatus);
        out.printf("answers: %s%n", r.byBody);
        out.printf("answer time ms: p50 %.2f  p95 %.2f  p99 %.2f  p99.9 %.2f  max %.2f%n",
                ms(latency.getValueAtPercentile(50)), ms(latency.getValueAtPercentile(95)), p99,
                ms(latency.getValueAtPercentile(99.9)), ms(latency.getMaxValue()));
        out.printf("ledger caught up %.1fs after the load (target ≤ %.0fs); %d ledger movements -> %.0f credited/s over load + catch-up%n",
                catchUp, TARGET_CATCH_UP_SECONDS, credited, creditedRate);
        if (cpuBefore.isPresent() && cpuAfter.isPresent() && r.accepted > 0) {
            double cpuMs = (cpuAfter.getAsLong() - cpuBefore.getAsLong()) / 1e6;
            out.printf("AGIS JVM CPU: %.2f ms per accepted callback (%.2f cores over load + catch-up; from its process.cpu.time metric)%n",
                    cpuMs / r.accepted, cpuMs / ((window + catchUp) * 1000));
        }
        out.printf("ledger check: expected %d GC for %d conversions (%d reversed) -> %s%n",
                expected.get(), conversions.size(), reversed.size(), exact ? "EXACT" : "MISMATCH (read model " + balances() + " GC)");
        if (rawSeconds > 0) {
            double raw = RawInserts.perSecond(() -> DriverManager.getConnection(jdbcUrl, dbUser, dbPassword), rawConnections, rawSeconds);
            double acceptedShare = acceptedRate / raw;
            double creditedShare = creditedRate / raw;
            out.printf("raw single-row insert transactions (same database, %d connections, right after the load): %.0f tx/s%n",
                    rawConnections, raw);
            boolean met = acceptedShare >= TARGET_SHARE && creditedShare >= TARGET_SHARE && p99 <= TARGET_P99_MS
                    && catchUp <= TARGET_CATCH_UP_SECONDS && exact;
            out.printf("ratio: accepted %.1f %%, credited %.1f %% of raw; p99 %.1f ms -> targets (≥ %.0f %%, p99 ≤ %.0f ms, catch-up ≤ %.0fs, EXACT) %s%n",
                    acceptedShare * 100, creditedShare * 100, p99, TARGET_SHARE * 100, TARGET_P99_MS, TARGET_CATCH_UP_SECONDS,
                    met ? "met" : "NOT met");
        }
        return exact ? 0 : ExitCodes.PROBLEM;
    }

    record Result(long sent, long accepted, Map<Integer, Long> byStatus, Map<String, Long> byBody, long elapsedNanos) {
    }

    private Result drive(ExecutorService http, int durationSeconds, Histogram latency) throws InterruptedException {
        Semaphore inFlight = new Semaphore(maxInFlight);
        LongAdder accepted = new LongAdder();
        Map<Integer, Long> byStatus = new ConcurrentHashMap<>();
        Map<String, Long> byBody = new ConcurrentHashMap<>();
        SplittableRandom random = new SplittableRandom();
        long intervalNanos = 1_000_000_000L / rate;
        long start = System.nanoTime();
        long total = (long) rate * durationSeconds;
        long sent = 0;
        for (long i = 0; i < total; i++) {
            long due = start + i * intervalNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            Sent next = next(random);
            inFlight.acquire();
            sent++;
            http.execute(() -> {
                long before = System.nanoTime();
                Answer answer = get("/callbacks/ayet?" + next.query(), next.hash());
                long took = System.nanoTime() - before;
                if (latency != null) {
                    synchronized (latency) {
                        latency.recordValue(Math.min(took, TimeUnit.SECONDS.toNanos(60)));
                    }
                }
                byStatus.merge(answer.status(), 1L, Long::sum);
                byBody.merge(answer.body().trim(), 1L, Long::sum);
                if (answer.status() == 200) {
                    accepted.increment();
                }
                inFlight.release(); // last: the final acquire of every permit then sees every answer counted
            });
        }
        inFlight.acquire(maxInFlight); // every answer is in
        inFlight.release(maxInFlight);
        return new Result(sent, accepted.sum(), byStatus, byBody, System.nanoTime() - start);
    }

    /** A new conversion, a resend of an earlier one, or the reversal of an earlier one. */
    private Sent next(SplittableRandom random) {
        double dice = random.nextDouble();
        if (!conversions.isEmpty() && dice < duplicateShare) {
            return conversions.get(random.nextInt(conversions.size()));
        }
        if (!conversions.isEmpty() && dice < duplicateShare + reversalShare) {
            Sent original = conversions.get(random.nextInt(conversions.size()));
            Map<String, String> p = params("r-" + original.tx(), original.player(), "-" + original.amount(), "1");
            if (reversed.putIfAbsent(original.tx(), true) == null) {
                expected.addAndGet(-original.amount());
            }
            return signed(p, "r-" + original.tx(), original.player(), -original.amount());
        }
        int n = conversions.size();
        String player = "bench" + run + "p" + (n / perPlayer);
        String tx = run + "-" + n;
        long amount = 1 + random.nextInt(500);
        Sent s = signed(params(tx, player, Long.toString(amount), "0"), tx, player, amount);
        conversions.add(s);
        expected.addAndGet(amount);
        return s;
    }

    private static Map<String, String> params(String tx, String player, String amount, String chargeback) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("network", "ayetstudios");
        p.put("transaction_id", tx);
        p.put("external_identifier", player);
        p.put("currency_amount", amount);
        p.put("payout_usd", "0.25");
        p.put("is_chargeback", chargeback);
        p.put("offer_name", "Bench offer * ~ é");
        return p;
    }

    private Sent signed(Map<String, String> p, String tx, String player, long amount) {
        String canonical = AyetSignature.canonical(p);
        return new Sent(canonical, AyetSignature.sign(canonical, apiKey), tx, player, amount);
    }

    /**
     * The server's JVM CPU time from its actuator, so a run on a shared machine still tells what a
     * callback costs; empty when the metrics endpoint is not reachable.
     */
    private OptionalLong serverCpuNanos() {
        Answer answer = get("/actuator/metrics/process.cpu.time", null);
        if (answer.status() != 200) {
            return OptionalLong.empty();
        }
        try {
            JsonNode value = new ObjectMapper().readTree(answer.body()).path("measurements").path(0).path("value");
            return value.isNumber() ? OptionalLong.of(value.asLong()) : OptionalLong.empty();
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    /** An HTTP answer; status -1 and the exception's name as body when there was none. */
    record Answer(int status, String body) {
    }

    /** One GET on a kept-alive connection (reading the whole body hands the connection back). */
    private Answer get(String pathAndQuery, String hash) {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create(url + pathAndQuery).toURL().openConnection();
            connection.setConnectTimeout(5_000);
            connection.setReadTimeout(30_000);
            if (hash != null) {
                connection.setRequestProperty(AyetSignature.HEADER, hash);
            }
            int status = connection.getResponseCode();
            try (InputStream body = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
                return new Answer(status, body == null ? "" : new String(body.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException | RuntimeException e) {
            return new Answer(-1, e.getClass().getSimpleName());
        }
    }

    /**
     * Waits until the bench players' balances add up to the expected total (or {@code --settle-seconds}
     * passed); the seconds it took.
     */
    private double settle() throws Exception {
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(settleSeconds);
        while (balances() != expected.get() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private long balances() throws Exception {
        return single("SELECT coalesce(sum(balance), 0) FROM account_balance WHERE account_id LIKE ?");
    }

    /** Credits and chargebacks of the bench players in the ledger read model. */
    private long movements() throws Exception {
        return single("SELECT count(*) FROM account_movement WHERE account_id LIKE ?");
    }

    private long single(String sql) throws Exception {
        if (database == null) {
            database = DriverManager.getConnection(jdbcUrl, dbUser, dbPassword);
        }
        try (PreparedStatement q = database.prepareStatement(sql)) {
            q.setString(1, "account:user:bench" + run + "p%");
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
