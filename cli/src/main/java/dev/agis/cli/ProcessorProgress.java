package dev.agis.cli;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** Where the streaming event processors are relative to the head of the event store. */
@Component
public class ProcessorProgress {

    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;

    public ProcessorProgress(EventProcessingConfiguration processing, EventStore eventStore) {
        this.processing = processing;
        this.eventStore = eventStore;
    }

    public long headPosition() {
        TrackingToken head = eventStore.createHeadToken();
        return head == null ? 0 : head.position().orElse(0);
    }

    /**
     * True when every segment of every streaming processor has handled everything up to the head.
     * (A replaying segment counts from position 0; one that has no events left stays flagged as
     * replaying, so the flag itself says nothing about being done.)
     */
    public boolean caughtUp() {
        long head = headPosition();
        boolean all = streamingProcessors().values().stream().allMatch(p -> reached(p, head));
        // a process manager may have appended while we looked (a transfer's credit): look again
        return all && head == headPosition();
    }

    /** The streaming processors by name, in name order. */
    private Map<String, StreamingEventProcessor> streamingProcessors() {
        Map<String, StreamingEventProcessor> streaming = new TreeMap<>();
        processing.eventProcessors().forEach((name, p) -> {
            if (p instanceof StreamingEventProcessor s) {
                streaming.put(name, s);
            }
        });
        return streaming;
    }

    /** Every segment of the processor is claimed, healthy and at {@code position} or beyond. */
    private static boolean reached(StreamingEventProcessor p, long position) {
        return !p.processingStatus().isEmpty() && p.processingStatus().values().stream()
                .allMatch(s -> !s.isErrorState() && s.getCurrentPosition().orElse(-1) >= position);
    }

    /** Each streaming processor's segments: position, replaying, error; and the head. */
    public String describe() {
        StringBuilder b = new StringBuilder("head ").append(headPosition());
        streamingProcessors().forEach((name, s) -> {
            b.append("; ").append(name).append(':');
            s.processingStatus().forEach((segment, status) -> b.append(" [").append(segment)
                    .append(" at ").append(status.getCurrentPosition().isPresent() ? status.getCurrentPosition().getAsLong() : "-")
                    .append(status.isReplaying() ? " replaying" : "")
                    .append(status.isErrorState() ? " ERROR " + status.getError() : "").append(']'));
        });
        return b.toString();
    }

    /**
     * Waits until every streaming processor has handled everything up to {@code position}; returns
     * how long each one took, slowest first (what a "caught up after" figure is made of).
     */
    public Map<String, Duration> awaitEachReaching(long position, Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        Map<String, Duration> reached = new HashMap<>();
        Map<String, StreamingEventProcessor> processors = streamingProcessors();
        while (reached.size() < processors.size()) {
            processors.forEach((name, p) -> {
                if (!reached.containsKey(name) && reached(p, position)) {
                    reached.put(name, Duration.ofNanos(System.nanoTime() - start));
                }
            });
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("event processors did not reach position " + position + " within " + timeout + ": " + describe());
            }
            Thread.sleep(5);
        }
        Map<String, Duration> slowestFirst = new LinkedHashMap<>();
        reached.entrySet().stream().sorted(Map.Entry.<String, Duration>comparingByValue().reversed())
                .forEach(e -> slowestFirst.put(e.getKey(), e.getValue()));
        return slowestFirst;
    }

    /** Waits until {@link #caughtUp()}; returns how long that took. */
    public Duration awaitCaughtUp(Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        while (!caughtUp()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("event processors did not catch up within " + timeout + ": " + describe());
            }
            Thread.sleep(5);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
