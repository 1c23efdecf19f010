package dev.agis.projections;

import org.axonframework.common.AxonThreadFactory;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Spreads the segments of every streaming processor over the instances on one database. A pooled
 * streaming processor claims every free segment it sees, so the first instance would keep them all
 * and a second one would idle. Every {@code agis.instance.balance-every} this instance writes a
 * heartbeat ({@code processor_node}), counts the instances with a fresh one, and releases the
 * segments above its fair share ({@code ceil(segments / instances)}) for a while, so another
 * instance claims them. When an instance stops, its heartbeat row goes (or turns stale), its claims
 * are released (or expire after the claim timeout) and the others claim them again: no segment is
 * left without a processor for longer than that. A handed-over segment continues from its stored
 * token; the batch in flight at that moment is repeated, which the handlers' idempotency makes
 * harmless (ADR 0002).
 */
public class SegmentBalancer {

    private static final Logger log = LoggerFactory.getLogger(SegmentBalancer.class);

    private final EventProcessingConfiguration processing;
    private final JdbcClient jdbc;
    private final String nodeId;
    private final Duration every;
    private final boolean active;
    /** Segments this instance released recently, per processor, with when they may be claimed again. */
    private final Map<String, Map<Integer, Instant>> released = new HashMap<>();
    private ScheduledExecutorService timer;

    public SegmentBalancer(EventProcessingConfiguration processing, JdbcClient jdbc, InstanceSettings instance, boolean claimsSegments) {
        this.processing = processing;
        this.jdbc = jdbc;
        this.nodeId = instance.effectiveNodeId();
        this.every = instance.balanceEvery();
        // a command-line context that claims nothing must not count as an instance to share with
        this.active = instance.balanceSegments() && claimsSegments;
    }

    @EventListener(ApplicationReadyEvent.class)
    synchronized void start() {
        if (!active || timer != null) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(new AxonThreadFactory("SegmentBalancer"));
        timer.scheduleWithFixedDelay(this::balanceSafely, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    public synchronized void stop() {
        if (timer == null) {
            return;
        }
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
            // the others need not wait for the heartbeat to turn stale to take over our share
            jdbc.sql("DELETE FROM processor_node WHERE node_id = :node").param("node", nodeId).update();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.debug("Could not remove the heartbeat of {}", nodeId, e);
        }
        timer = null;
    }

    private void balanceSafely() {
        try {
            balance();
        } catch (RuntimeException e) {
            // database unavailable or shutting down: try again next time, the processors go on as they are
            log.debug("Segment balancing skipped", e);
        }
    }

    /**
     * How long a released segment stays free for the others: a few balancing rounds, and at least
     * two of Axon's claim rounds (a coordinator looks for free segments every 5 s).
     */
    private Duration releaseFor() {
        Duration rounds = every.multipliedBy(3);
        Duration claimRounds = Duration.ofSeconds(10);
        return rounds.compareTo(claimRounds) > 0 ? rounds : claimRounds;
    }

    public void balance() {
        double staleSeconds = every.toMillis() * 3 / 1000.0;
        jdbc.sql("""
                        INSERT INTO processor_node (node_id, heartbeat_at) VALUES (:node, now())
                        ON CONFLICT (node_id) DO UPDATE SET heartbeat_at = now()""")
                .param("node", nodeId).update();
        jdbc.sql("DELETE FROM processor_node WHERE heartbeat_at < now() - make_interval(secs => :s)")
                .param("s", staleSeconds * 10).update();
        long instances = jdbc.sql("SELECT count(*) FROM processor_node WHERE heartbeat_at >= now() - make_interval(secs => :s)")
                .param("s", staleSeconds).query(Long.class).single();
        if (instances < 2) {
            released.clear();
            return;
        }
        Instant now = Instant.now();
        processing.eventProcessors().forEach((name, processor) -> {
            if (!(processor instanceof StreamingEventProcessor streaming) || !streaming.isRunning()) {
                return;
            }
            long segments = jdbc.sql("SELECT count(*) FROM token_entry WHERE processor_name = :p").param("p", name)
                    .query(Long.class).single();
            long fairShare = (segments + instances - 1) / instances;
            Map<Integer, Instant> recent = released.computeIfAbsent(name, n -> new HashMap<>());
            recent.values().removeIf(until -> until.isBefore(now));
            List<Integer> mine = streaming.processingStatus().keySet().stream()
                    .filter(segment -> !recent.containsKey(segment)).sorted().toList();
            for (int i = mine.size() - 1; i >= fairShare; i--) {
                int segment = mine.get(i);
                // long enough for another instance's coordinator to claim it; if none does, we take it back
                Duration releaseFor = releaseFor();
                streaming.releaseSegment(segment, releaseFor.toMillis(), TimeUnit.MILLISECONDS);
                recent.put(segment, now.plus(releaseFor));
                log.info("Released segment {} of {} to the other instances ({} segments, {} instances)", segment, name, segments, instances);
            }
        });
    }
}
