package dev.agis.cli;

import dev.agis.domain.apikey.ApiKeyCommands.CreateApiKey;
import dev.agis.domain.apikey.ApiKeyCommands.RevokeApiKey;
import dev.agis.domain.apikey.ApiKeyId;
import dev.agis.domain.apikey.ApiKeySecret;
import dev.agis.domain.apikey.ApiScope;
import dev.agis.domain.common.Actor;
import dev.agis.domain.common.PlayerId;
import org.HdrHistogram.Histogram;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code agis bench api}: what API keys and rate limits cost. Boots AGIS twice, side by side on free
 * loopback ports: one as deployed, for which it creates a key of a bench player, and one with
 * security and limits switched off ({@code agis.api.bench-baseline.owner}, honoured on loopback
 * only). After warming both up it drives the authenticated, rate-limited GET with C concurrent
 * keep-alive clients for S seconds, then the same GET on the baseline, and prints both rates, their
 * ratio, latency percentiles and the server's CPU per request, against the targets of
 * docs/performance.md.
 */
@Command(name = "api", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Drives an authenticated, rate-limited GET over real HTTP against an AGIS started for the run, then the",
                "same GET on a second one with security and rate limits off, and compares rates, latency and CPU per request.",
                "Creates one bench key (revoked at the end) for a bench player; works on the configured database."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every answer was 2xx", "1:some answers were not 2xx (see the status counts)", "2:bad usage",
                "3:unexpected error"})
public class ApiBench implements Callable<Integer> {

    /** The targets on the reference machine (issue 14): at least this rate, at most this p99, at least this share. */
    static final double TARGET_RATE = 1000;
    static final double TARGET_P99_MS = 50;
    static final double TARGET_RATIO = 0.70;

    private final CliContexts contexts;
    private PrintWriter out;

    @Spec
    CommandSpec spec;

    @Option(names = "--path", defaultValue = "/api/v1/users/me", description = "The GET to drive. Default: ${DEFAULT-VALUE}")
    String path;

    @Option(names = "--clients", defaultValue = "32", description = "Concurrent clients (one keep-alive connection each). Default: ${DEFAULT-VALUE}")
    int clients;

    @Option(names = "--seconds", defaultValue = "20", description = "Measured duration of each run. Default: ${DEFAULT-VALUE}")
    int seconds;

    @Option(names = "--warmup-seconds", defaultValue = "10", description = "Unmeasured warm-up before each run. Default: ${DEFAULT-VALUE}")
    int warmupSeconds;

    @Option(names = "--rate-limit", defaultValue = "100000",
            description = "Requests per minute of the bench key (the most a key may have); lower it to measure refusals. Default: ${DEFAULT-VALUE}")
    int rateLimit;

    @Option(names = "--scopes", defaultValue = "read:servers,read:stats,read:analytics",
            description = "Scopes of the bench key. Default: ${DEFAULT-VALUE}")
    String scopes;

    public ApiBench(CliContexts contexts) {
        this.contexts = contexts;
    }

    @Override
    public Integer call() throws Exception {
        out = spec.commandLine().getOut();
        if (clients < 1 || seconds < 1 || warmupSeconds < 0 || rateLimit < 1 || !path.startsWith("/")) {
            throw new ParameterException(spec.commandLine(), "--clients, --seconds, --rate-limit ≥ 1, --warmup-seconds ≥ 0, --path starts with /");
        }
        Set<ApiScope> keyScopes = ApiScope.parseList(scopes);
        System.setProperty("http.maxConnections", Integer.toString(clients));
        PlayerId owner = PlayerId.of("bench" + UUID.randomUUID().toString().substring(0, 8));
        out.printf("agis bench api: GET %s, %d clients, %ds after %ds warm-up, key of %d/min; %d cores, load average %.1f%n",
                path, clients, seconds, warmupSeconds, rateLimit, Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());

        // Both instances run side by side and both are warmed up before either is measured: the JIT
        // compiles the shared paths (Tomcat, Spring MVC, the query) for both, so neither run pays for it.
        Result secured;
        Result open;
        try (ConfigurableApplicationContext keyed = contexts.web("server.port=0", "server.address=127.0.0.1", "management.server.port=");
             ConfigurableApplicationContext baseline = contexts.web("server.port=0", "server.address=127.0.0.1", "management.server.port=",
                     "agis.api.bench-baseline.owner=" + owner.value())) {
            CommandGateway commands = keyed.getBean(CommandGateway.class);
            String key = ApiKeySecret.generate();
            ApiKeyId keyId = ApiKeyId.newId();
            commands.sendAndWait(new CreateApiKey(keyId, "agis bench api", owner, keyScopes, ApiKeySecret.hash(key), rateLimit, null, null,
                    Actor.operator("bench")));
            try {
                URL keyedUrl = url(keyed);
                URL baselineUrl = url(baseline);
                if (warmupSeconds > 0) {
                    drive(keyedUrl, "Bearer " + key, warmupSeconds, null);
                    drive(baselineUrl, null, warmupSeconds, null);
                }
                secured = drive(keyedUrl, "Bearer " + key, seconds, new Histogram(TimeUnit.SECONDS.toNanos(60), 3));
                open = drive(baselineUrl, null, seconds, new Histogram(TimeUnit.SECONDS.toNanos(60), 3));
            } finally {
                commands.sendAndWait(new RevokeApiKey(keyId, null, null, Actor.operator("bench")));
            }
        }
        report("with API key and rate limit", secured);
        report("without security and limits", open);

        double ratio = secured.rate() / open.rate();
        out.printf("ratio: authenticated %.0f/s is %.0f%% of unauthenticated %.0f/s%n", secured.rate(), ratio * 100, open.rate());
        out.printf("targets: >= %.0f/s %s, p99 <= %.0f ms %s, >= %.0f%% of unauthenticated %s%n",
                TARGET_RATE, verdict(secured.rate() >= TARGET_RATE), TARGET_P99_MS, verdict(secured.p99Ms() <= TARGET_P99_MS),
                TARGET_RATIO * 100, verdict(ratio >= TARGET_RATIO));
        return secured.allOk() && open.allOk() ? ExitCodes.OK : ExitCodes.PROBLEM;
    }

    private static String verdict(boolean met) {
        return met ? "MET" : "MISSED";
    }

    private URL url(ConfigurableApplicationContext ctx) throws IOException {
        int port = ctx.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
        return URI.create("http://127.0.0.1:" + port + path).toURL();
    }

    /** What one run measured; {@code serverCpuNanos}: the process's CPU time minus the bench clients' own. */
    record Result(long requests, long elapsedNanos, Map<Integer, Long> byStatus, Histogram latency, long serverCpuNanos) {
        double rate() {
            return requests / (elapsedNanos / 1e9);
        }

        double p99Ms() {
            return latency.getValueAtPercentile(99) / 1e6;
        }

        boolean allOk() {
            return byStatus.keySet().stream().allMatch(s -> s >= 200 && s < 300);
        }
    }

    private void report(String label, Result r) {
        out.printf("%s: %d requests in %.1fs -> %.0f/s; statuses %s%n", label, r.requests(), r.elapsedNanos() / 1e9, r.rate(), r.byStatus());
        out.printf("  latency ms: p50 %.2f  p95 %.2f  p99 %.2f  max %.2f%n", ms(r.latency().getValueAtPercentile(50)),
                ms(r.latency().getValueAtPercentile(95)), ms(r.latency().getValueAtPercentile(99)), ms(r.latency().getMaxValue()));
        out.printf("  AGIS CPU: %.3f ms per request (%.2f cores; the JVM's CPU time less the bench clients' threads)%n",
                r.requests() == 0 ? 0 : r.serverCpuNanos() / 1e6 / r.requests(), r.serverCpuNanos() / (double) r.elapsedNanos());
    }

    /** C clients each sending the GET in a loop until the time is up; latency recorded when a histogram is given. */
    private Result drive(URL url, String authorization, int durationSeconds, Histogram latency) throws InterruptedException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Map<Integer, Long> byStatus = new ConcurrentHashMap<>();
        LongAdder requests = new LongAdder();
        AtomicLong clientCpu = new AtomicLong();
        CountDownLatch done = new CountDownLatch(clients);
        long cpuBefore = os.getProcessCpuTime();
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(durationSeconds);
        for (int i = 0; i < clients; i++) {
            Thread client = new Thread(() -> {
                long cpuAtStart = threads.getCurrentThreadCpuTime();
                Histogram mine = latency == null ? null : new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
                try {
                    while (System.nanoTime() < end) {
                        long before = System.nanoTime();
                        int status = get(url, authorization);
                        long took = System.nanoTime() - before;
                        requests.increment();
                        byStatus.merge(status, 1L, Long::sum);
                        if (mine != null) {
                            mine.recordValue(Math.min(took, TimeUnit.SECONDS.toNanos(60)));
                        }
                    }
                } finally {
                    clientCpu.addAndGet(threads.getCurrentThreadCpuTime() - cpuAtStart);
                    if (mine != null) {
                        synchronized (latency) {
                            latency.add(mine);
                        }
                    }
                    done.countDown();
                }
            }, "bench-api-client-" + i);
            client.setDaemon(true);
            client.start();
        }
        done.await();
        long elapsed = System.nanoTime() - start;
        long serverCpu = os.getProcessCpuTime() - cpuBefore - clientCpu.get();
        return new Result(requests.sum(), elapsed, new TreeMap<>(byStatus), latency == null ? new Histogram(3) : latency, serverCpu);
    }

    /** One GET on the client's kept-alive connection (reading the whole body hands the connection back); -1 when none came. */
    private static int get(URL url, String authorization) {
        try {
            HttpURLConnection connection = (HttpURLConnection) url.openConnection();
            connection.setConnectTimeout(5_000);
            connection.setReadTimeout(30_000);
            if (authorization != null) {
                connection.setRequestProperty("Authorization", authorization);
            }
            int status = connection.getResponseCode();
            try (InputStream body = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
                if (body != null) {
                    body.readAllBytes();
                }
            }
            return status;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
