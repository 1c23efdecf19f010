package dev.agis.discord.ownership;

import dev.agis.discord.DiscordProperties;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Lease variant against fabric8's mock API server in CRUD mode (it stores the Lease and
 * refuses a stale resourceVersion like the real API server): two electors, one leads; when it
 * stops, the other takes over.
 */
@EnableKubernetesMockClient(crud = true)
class LeaseOwnershipTest {

    static final String NAMESPACE = "agis";
    static final String LEASE = "agis-discord-gateway";

    KubernetesClient client;
    private final List<LeaseOwnership> started = new ArrayList<>();

    /** One instance: counts its connects and disconnects. */
    final class Instance {
        final AtomicInteger connects = new AtomicInteger();
        final AtomicInteger disconnects = new AtomicInteger();
        final LeaseOwnership ownership;

        Instance(String identity, Duration leaseDuration) {
            DiscordProperties.Ownership settings = new DiscordProperties.Ownership(DiscordProperties.OwnershipMode.LEASE, NAMESPACE,
                    LEASE, identity, leaseDuration, Duration.ofMillis(800), Duration.ofMillis(200));
            ownership = new LeaseOwnership(client, settings, connects::incrementAndGet, disconnects::incrementAndGet);
            started.add(ownership);
            ownership.start();
        }
    }

    @AfterEach
    void stopAll() {
        started.forEach(LeaseOwnership::stop);
    }

    private String holder() {
        Lease lease = client.leases().inNamespace(NAMESPACE).withName(LEASE).get();
        return lease == null ? null : lease.getSpec().getHolderIdentity();
    }

    @Test
    void exactlyOneOfTwoLeadsAndTheOtherTakesOverWhenItStops() {
        Instance a = new Instance("agis-a", Duration.ofSeconds(2));
        Instance b = new Instance("agis-b", Duration.ofSeconds(2));

        await().atMost(Duration.ofSeconds(10)).until(() -> a.ownership.owner() || b.ownership.owner());
        // several renewals later, still exactly one, and it is the one the Lease names
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> a.ownership.owner() ^ b.ownership.owner());
        Instance leader = a.ownership.owner() ? a : b;
        Instance other = leader == a ? b : a;
        assertThat(holder()).isEqualTo(leader.ownership.identity());
        assertThat(leader.connects.get()).isEqualTo(1);
        assertThat(other.connects.get()).isZero();

        long stoppedAt = System.nanoTime();
        leader.ownership.stop();

        await().atMost(Duration.ofSeconds(30)).until(other.ownership::owner);
        long takeoverMs = (System.nanoTime() - stoppedAt) / 1_000_000;
        System.out.printf("discord-lease-takeover ms=%d%n", takeoverMs);
        assertThat(leader.ownership.owner()).isFalse();
        assertThat(leader.disconnects.get()).isEqualTo(1);
        assertThat(other.connects.get()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> other.ownership.identity().equals(holder()));
    }

    @Test
    void aCrashedOwnersLeaseRunsOutAndAnotherInstanceTakesIt() {
        // the Lease of an instance that died without releasing it: renewed just now, never again
        client.leases().inNamespace(NAMESPACE).resource(new LeaseBuilder()
                .withNewMetadata().withName(LEASE).withNamespace(NAMESPACE).endMetadata()
                .withNewSpec().withHolderIdentity("agis-crashed").withLeaseDurationSeconds(3)
                .withAcquireTime(ZonedDateTime.now(ZoneOffset.UTC)).withRenewTime(ZonedDateTime.now(ZoneOffset.UTC))
                .withLeaseTransitions(0).endSpec()
                .build()).create();
        long crashedAt = System.nanoTime();
        Instance survivor = new Instance("agis-survivor", Duration.ofSeconds(3));

        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> !survivor.ownership.owner());
        await().atMost(Duration.ofSeconds(30)).until(survivor.ownership::owner);
        assertThat(Duration.ofNanos(System.nanoTime() - crashedAt)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(holder()).isEqualTo("agis-survivor#" + ProcessHandle.current().pid());
        assertThat(survivor.connects.get()).isEqualTo(1);
    }
}
