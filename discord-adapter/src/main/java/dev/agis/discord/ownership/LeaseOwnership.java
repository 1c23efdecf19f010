package dev.agis.discord.ownership;

import dev.agis.discord.DiscordProperties;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Gateway ownership by a Kubernetes {@code coordination.k8s.io/v1} Lease, through fabric8's
 * {@code LeaderElector}: the instance named in the Lease holds the gateway while it keeps renewing
 * it. In a cluster this needs no shared database session, and the Lease shows who owns the gateway
 * ({@code kubectl get lease}). A clean stop releases the Lease, so another instance takes over at its
 * next try; a crashed owner's Lease runs out after {@code leaseDuration}.
 *
 * <p>fabric8's elector ends its round when the owner loses the Lease (renewal failed); this class then
 * competes again, so an instance that lost the gateway can win it back later.
 */
public class LeaseOwnership implements GatewayOwnership {

    private static final Logger log = LoggerFactory.getLogger(LeaseOwnership.class);

    private final KubernetesClient client;
    private final String namespace;
    private final String name;
    private final String identity;
    private final Duration leaseDuration;
    private final Duration renewDeadline;
    private final Duration retryPeriod;
    private final Runnable onAcquired;
    private final Runnable onLost;
    private final boolean closeClient;
    private final AtomicBoolean leading = new AtomicBoolean();
    private volatile boolean running;
    private LeaderElector elector;
    private CompletableFuture<?> round;

    /** With a client of its own, made from the environment (in a pod: its service account), closed on {@link #stop()}. */
    public static LeaseOwnership inCluster(DiscordProperties.Ownership settings, Runnable onAcquired, Runnable onLost) {
        return new LeaseOwnership(new KubernetesClientBuilder().build(), true, settings, onAcquired, onLost);
    }

    /** With {@code client}, which stays open (tests). */
    public LeaseOwnership(KubernetesClient client, DiscordProperties.Ownership settings, Runnable onAcquired, Runnable onLost) {
        this(client, false, settings, onAcquired, onLost);
    }

    private LeaseOwnership(KubernetesClient client, boolean closeClient, DiscordProperties.Ownership settings,
                           Runnable onAcquired, Runnable onLost) {
        this(client, closeClient, settings.leaseNamespace(), settings.leaseName(),
                // the process id too: an `agis` command run inside the pod is another process with the same
                // pod name, and must not count as the holder of the server's Lease
                (settings.identity() == null || settings.identity().isBlank() ? hostName() : settings.identity())
                        + "#" + ProcessHandle.current().pid(),
                settings.leaseDuration(), settings.renewDeadline(), settings.retryPeriod(), onAcquired, onLost);
    }

    private LeaseOwnership(KubernetesClient client, boolean closeClient, String namespace, String name, String identity,
                           Duration leaseDuration, Duration renewDeadline, Duration retryPeriod, Runnable onAcquired,
                           Runnable onLost) {
        this.client = Objects.requireNonNull(client, "client");
        this.closeClient = closeClient;
        this.namespace = namespace == null || namespace.isBlank() ? client.getNamespace() : namespace;
        this.name = name;
        this.identity = identity;
        this.leaseDuration = leaseDuration;
        this.renewDeadline = renewDeadline;
        this.retryPeriod = retryPeriod;
        this.onAcquired = onAcquired;
        this.onLost = onLost;
        if (this.namespace == null || this.namespace.isBlank()) {
            throw new IllegalArgumentException("the Lease needs a namespace: set agis.discord.ownership.lease-namespace");
        }
    }

    @Override
    public synchronized void start() {
        running = true;
        compete();
    }

    private synchronized void compete() {
        if (!running) {
            return;
        }
        elector = client.leaderElector()
                .withConfig(new LeaderElectionConfigBuilder()
                        .withName("agis-discord-gateway")
                        .withLock(new LeaseLock(namespace, name, identity))
                        .withLeaseDuration(leaseDuration)
                        .withRenewDeadline(renewDeadline)
                        .withRetryPeriod(retryPeriod)
                        .withReleaseOnCancel(true)
                        .withLeaderCallbacks(new LeaderCallbacks(this::acquired, () -> lost("the Lease was lost or released"),
                                leader -> log.debug("Discord gateway Lease {}/{} is held by {}", namespace, name, leader)))
                        .build())
                .build();
        CompletableFuture<?> current = elector.start();
        round = current;
        current.whenComplete((ignored, failure) -> {
            if (failure != null && !(failure instanceof CancellationException)) {
                log.warn("Discord gateway Lease election ended: {}", failure.toString());
            }
            // a round ends when the Lease was lost; compete again (after a pause, so a failing API is
            // not hammered) unless shutting down
            lost("the election round ended");
            CompletableFuture.runAsync(this::compete,
                    CompletableFuture.delayedExecutor(retryPeriod.toMillis(), TimeUnit.MILLISECONDS));
        });
    }

    private void acquired() {
        if (leading.compareAndSet(false, true)) {
            log.info("This instance owns the Discord gateway session (Lease {}/{} as {})", namespace, name, identity);
            onAcquired.run();
        }
    }

    private void lost(String why) {
        if (leading.compareAndSet(true, false)) {
            log.info("Giving up the Discord gateway session: {}", why);
            onLost.run();
        }
    }

    /** Disconnects and releases the Lease; another instance takes over at its next try. */
    @Override
    public void stop() {
        CompletableFuture<?> current;
        LeaderElector last;
        synchronized (this) {
            running = false;
            current = round;
            last = elector;
        }
        if (current != null) {
            current.cancel(true);
        }
        lost("shutting down");
        if (last != null) {
            try {
                // fabric8 releases on cancel too, but in the background: release before the client closes
                last.release();
            } catch (RuntimeException e) {
                log.debug("Releasing the Discord gateway Lease failed; it runs out by itself: {}", e.toString());
            }
        }
        if (closeClient) {
            client.close();
        }
    }

    @Override
    public boolean owner() {
        return leading.get();
    }

    public String identity() {
        return identity;
    }

    // in a pod the host name is the pod name: unique per instance and readable in the Lease
    private static String hostName() {
        String fromEnvironment = System.getenv("HOSTNAME");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "agis-" + UUID.randomUUID();
        }
    }
}
