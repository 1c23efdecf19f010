package dev.agis.discord.notify;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.awt.Color;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * An event processor in error → the {@code critical} webhook. Reads the streaming processors' status
 * the way the readiness check does, every {@code checkEvery}, and posts each transition once: when a
 * processor enters error (a handler keeps failing and is retried with back-off, so the read models or
 * the money flows behind it stand still) and when it recovers. A processor's status is per instance,
 * so the post names the instance.
 */
public class ProcessorErrorWatch {

    private static final Logger log = LoggerFactory.getLogger(ProcessorErrorWatch.class);
    private static final Color RED = new Color(0xED4245);
    private static final Color GREEN = new Color(0x57F287);

    /** One processor's state: whether it is in error, and the error when its status names one. */
    public record Status(boolean inError, String error) {
        static final Status OK = new Status(false, null);
    }

    private final Supplier<Map<String, Status>> statuses;
    private final WebhookNotifier notifier;
    private final String instance;
    private final Duration checkEvery;
    private final Set<String> inError = new HashSet<>();
    private ScheduledExecutorService loop;

    /** @param statuses the state of every processor by name, read at each check */
    public ProcessorErrorWatch(Supplier<Map<String, Status>> statuses, WebhookNotifier notifier, String instance,
                               Duration checkEvery) {
        this.statuses = statuses;
        this.notifier = notifier;
        this.instance = instance;
        this.checkEvery = checkEvery;
    }

    /** The streaming processors of Axon's configuration, each with its error while it is in one. */
    public static Supplier<Map<String, Status>> of(EventProcessingConfiguration processing) {
        return () -> {
            Map<String, Status> states = new LinkedHashMap<>();
            processing.eventProcessors().forEach((name, processor) -> {
                if (processor instanceof StreamingEventProcessor streaming) {
                    Optional<String> error = streaming.processingStatus().values().stream()
                            .filter(EventTrackerStatus::isErrorState)
                            .map(EventTrackerStatus::getError)
                            .filter(Objects::nonNull)
                            .map(Throwable::toString)
                            .findFirst();
                    boolean inError = streaming.isError() || error.isPresent();
                    states.put(name, inError ? new Status(true, error.orElse(null)) : Status.OK);
                }
            });
            return states;
        };
    }

    public void start() {
        if (!notifier.configured(WebhookChannel.CRITICAL)) {
            return;
        }
        loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "discord-processor-watch");
            t.setDaemon(true);
            return t;
        });
        loop.scheduleWithFixedDelay(this::checkQuietly, checkEvery.toMillis(), checkEvery.toMillis(), TimeUnit.MILLISECONDS);
    }

    public void stop() {
        if (loop != null) {
            loop.shutdownNow();
        }
    }

    private void checkQuietly() {
        try {
            check();
        } catch (RuntimeException e) {
            log.warn("Reading the event processors' status failed: {}", e.toString());
        }
    }

    /** One look at every processor; posts what changed since the last look. */
    synchronized void check() {
        Map<String, Status> now = statuses.get();
        now.forEach((name, status) -> {
            if (status.inError() && inError.add(name)) {
                notifier.post(WebhookChannel.CRITICAL, "Event processor in error", "`" + name + "` on " + instance
                        + " keeps failing and is retried with back-off; what it feeds stands still until it recovers."
                        + (status.error() == null ? "" : "\n```" + status.error() + "```"), RED);
            } else if (!status.inError() && inError.remove(name)) {
                notifier.post(WebhookChannel.CRITICAL, "Event processor recovered", "`" + name + "` on " + instance
                        + " processes events again.", GREEN);
            }
        });
        inError.retainAll(now.keySet());
    }
}
