package dev.agis.app.health;

import dev.agis.projections.deadletter.DeadLetterCounts;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventhandling.TrackingToken;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Readiness: every event processor runs and none is stuck in error. Events parked in a dead-letter
 * queue leave it UP (everything else flows; ADR 0053): the details count them by processor, and
 * their gauges ({@link DeadLetterCounts}) alert on them. Also publishes each
 * streaming processor's lag (events between its slowest segment and the head of the store) as
 * {@code agis_event_processor_lag_events{processor}}, and whether it is in error (processing failed
 * outside its handlers and is retried with back-off) as {@code agis_event_processor_in_error{processor}} (1 or 0), so
 * an alert can name the processor that readiness reports as DOWN.
 */
@Component("eventProcessors")
public class EventProcessorsHealthIndicator extends AbstractHealthIndicator {

    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;
    private final MeterRegistry meters;
    private final DeadLetterCounts deadLetters;

    public EventProcessorsHealthIndicator(EventProcessingConfiguration processing, EventStore eventStore, MeterRegistry meters,
                                          DeadLetterCounts deadLetters) {
        super("Event processor health check failed");
        this.processing = processing;
        this.eventStore = eventStore;
        this.meters = meters;
        this.deadLetters = deadLetters;
    }

    @EventListener(ApplicationReadyEvent.class)
    void registerLagGauges() {
        processing.eventProcessors().forEach((name, processor) -> {
            if (processor instanceof StreamingEventProcessor streaming) {
                Gauge.builder("agis_event_processor_lag_events", streaming, this::lag)
                        .description("Events between the slowest segment of the processor and the head of the event store")
                        .tag("processor", name)
                        .register(meters);
                Gauge.builder("agis_event_processor_in_error", streaming, p -> p.isError() ? 1 : 0)
                        .description("1 while the processor is in error: processing failed outside its handlers (event store, token store, dead-letter queue) and is retried with back-off")
                        .tag("processor", name)
                        .register(meters);
            }
        });
    }

    private double lag(StreamingEventProcessor processor) {
        TrackingToken head = eventStore.createHeadToken();
        long headPosition = head == null ? 0 : head.position().orElse(0);
        long slowest = processor.processingStatus().values().stream()
                .map(EventTrackerStatus::getCurrentPosition)
                .mapToLong(p -> p.orElse(0))
                .min().orElse(headPosition);
        return Math.max(0, headPosition - slowest);
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Map<String, Object> details = new LinkedHashMap<>();
        boolean healthy = true;
        for (Map.Entry<String, EventProcessor> e : processing.eventProcessors().entrySet()) {
            EventProcessor p = e.getValue();
            boolean error = p instanceof StreamingEventProcessor s && s.isError();
            healthy &= p.isRunning() && !error;
            details.put(e.getKey(), error ? "ERROR" : p.isRunning() ? "RUNNING" : "STOPPED");
        }
        details.put("deadLetters", deadLetters.lettersByProcessor());
        (healthy ? builder.up() : builder.down()).withDetails(details);
    }
}
