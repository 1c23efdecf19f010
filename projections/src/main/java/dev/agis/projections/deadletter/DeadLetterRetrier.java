package dev.agis.projections.deadletter;

import dev.agis.projections.ProcessorSettings;
import jakarta.annotation.PreDestroy;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Retries dead letters whose back-off has passed, every {@code agis.processors.dead-letters.check-every},
 * on every instance that runs processors: Axon claims a sequence while it is processed, so two
 * instances never retry the same one at once. A letter retried successfully releases the rest of its
 * sequence, in order; a parked letter waits for {@code agis dead-letters retry}.
 */
@Component
public class DeadLetterRetrier {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterRetrier.class);

    private final EventProcessingConfiguration processing;
    private final DeadLetterCounts counts;
    private final ProcessorSettings settings;
    private final Clock clock = Clock.systemUTC();
    private ScheduledExecutorService scheduler;

    public DeadLetterRetrier(EventProcessingConfiguration processing, DeadLetterCounts counts, ProcessorSettings settings) {
        this.processing = processing;
        this.counts = counts;
        this.settings = settings;
    }

    @EventListener(ApplicationReadyEvent.class)
    synchronized void start() {
        // a command-line context claims no segments and leaves retries to the running instances
        if (settings.maxClaimedSegments() == 0 || scheduler != null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dead-letter-retries");
            t.setDaemon(true);
            return t;
        });
        long every = settings.deadLetters().checkEvery().toMillis();
        scheduler.scheduleWithFixedDelay(this::retryDue, every, every, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    /** One round: in every group with letters, each sequence whose first letter is due gets one attempt. */
    void retryDue() {
        try {
            for (Map.Entry<String, DeadLetterCounts.GroupCount> group : counts.byGroup().entrySet()) {
                Optional<SequencedDeadLetterProcessor<EventMessage<?>>> letters = processing.sequencedDeadLetterProcessor(group.getKey());
                if (letters.isEmpty()) {
                    continue;
                }
                // each call takes one due sequence; a failed one is touched, so it is not due again in this round
                for (long i = 0; i < group.getValue().sequences(); i++) {
                    letters.get().process(this::due);
                }
            }
        } catch (RuntimeException e) {
            // the next round tries again; a broken database shows in readiness and the processors' own errors
            log.warn("Retrying dead letters failed: {}", e.toString());
        }
    }

    private boolean due(DeadLetter<? extends EventMessage<?>> letter) {
        DeadLetterSettings dl = settings.deadLetters();
        if (ParkAfterRetries.parked(letter, dl)) {
            return false;
        }
        int attempts = ParkAfterRetries.attempts(letter);
        Instant now = clock.instant();
        return attempts == 0 || !letter.lastTouched().plus(dl.backoffAfter(attempts)).isAfter(now);
    }
}
