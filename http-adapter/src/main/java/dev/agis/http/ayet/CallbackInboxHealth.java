package dev.agis.http.ayet;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

/**
 * Readiness of the callback inbox: DOWN while its oldest callback is older than
 * {@code agis.ayet.inbox.max-age} (the workers are stuck or cannot keep up, so credits are late).
 * Publishes {@code agis_callback_inbox_depth} and {@code agis_callback_inbox_oldest_seconds}, read
 * at most once a second so a scrape costs one small query.
 */
@Component("callbackInboxHealthIndicator") // health contributor "callbackInbox"
public class CallbackInboxHealth extends AbstractHealthIndicator {

    private static final long FRESH_NANOS = 1_000_000_000L;

    private final CallbackInbox inbox;
    private final AyetProperties props;
    private CallbackInbox.Depth last;
    private long lastAt;

    public CallbackInboxHealth(CallbackInbox inbox, AyetProperties props, MeterRegistry meters) {
        super("Callback inbox health check failed");
        this.inbox = inbox;
        this.props = props;
        Gauge.builder("agis_callback_inbox_depth", this, h -> h.depth().rows())
                .description("ayeT callbacks accepted and not yet handled").register(meters);
        Gauge.builder("agis_callback_inbox_oldest_seconds", this, h -> h.depth().oldest().toMillis() / 1000.0)
                .description("Age of the oldest ayeT callback waiting in the inbox (0 when empty)").register(meters);
    }

    private synchronized CallbackInbox.Depth depth() {
        long now = System.nanoTime();
        if (last == null || now - lastAt > FRESH_NANOS) {
            last = inbox.depth();
            lastAt = now;
        }
        return last;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        CallbackInbox.Depth depth = inbox.depth();
        boolean fresh = depth.oldest().compareTo(props.inbox().maxAge()) <= 0;
        (fresh ? builder.up() : builder.down())
                .withDetail("waiting", depth.rows())
                .withDetail("oldestSeconds", depth.oldest().toSeconds())
                .withDetail("maxAgeSeconds", props.inbox().maxAge().toSeconds());
    }
}
