package dev.agis.http.security;

import dev.agis.domain.apikey.ApiKeyCommands.RecordApiKeyUsage;
import dev.agis.domain.apikey.ApiKeyCommands.Usage;
import dev.agis.domain.apikey.ApiKeyId;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Collects when each key was last used on this instance and sends them in one batch every
 * {@link ApiKeySettings#usageFlushInterval()} (and on shutdown): a request costs a map write, not
 * a database write or an event.
 *
 * <p>The last flush runs when the context starts closing, before Axon unsubscribes its command
 * handlers; a request still finishing during the graceful shutdown may lose its time, which the
 * next use of the key writes again.
 */
@Component
public class ApiKeyUsage {

    private static final Logger log = LoggerFactory.getLogger(ApiKeyUsage.class);

    private final CommandGateway commands;
    private final ApplicationContext context;
    private final Map<ApiKeyId, Instant> pending = new ConcurrentHashMap<>();
    private final ScheduledExecutorService flusher;

    public ApiKeyUsage(CommandGateway commands, ApiKeySettings settings, ApplicationContext context) {
        this.commands = commands;
        this.context = context;
        this.flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "api-key-usage");
            t.setDaemon(true);
            return t;
        });
        long every = settings.usageFlushInterval().toMillis();
        flusher.scheduleWithFixedDelay(this::flush, every, every, TimeUnit.MILLISECONDS);
    }

    @EventListener
    void closing(ContextClosedEvent event) {
        if (event.getApplicationContext() == context) {
            flusher.shutdownNow();
            flush();
        }
    }

    public void used(ApiKeyId keyId, Instant at) {
        pending.merge(keyId, at, (a, b) -> a.isAfter(b) ? a : b);
    }

    /** Sends what was collected since the last flush. */
    public void flush() {
        List<Usage> batch = new ArrayList<>();
        for (ApiKeyId keyId : List.copyOf(pending.keySet())) {
            Instant at = pending.remove(keyId);
            if (at != null) {
                batch.add(new Usage(keyId, at));
            }
        }
        if (batch.isEmpty()) {
            return;
        }
        try {
            commands.sendAndWait(new RecordApiKeyUsage(batch));
        } catch (RuntimeException e) {
            // bookkeeping only: put the times back for the next flush rather than lose them
            batch.forEach(u -> used(u.keyId(), u.lastUsedAt()));
            log.warn("Could not record the last use of {} API key(s); retrying at the next flush: {}", batch.size(), e.toString());
        }
    }
}
