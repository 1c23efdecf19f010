package dev.agis.http.support;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.ApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Deletes expired first answers from {@code api_idempotency} every
 * {@code agis.api.idempotency.purge-interval}, in batches so no statement holds many locks. Every
 * instance may run it at once: deleting an expired row twice is harmless. (A keyed POST also
 * clears its owner's expired rows, so an active owner never waits for this.)
 */
@Component
@ConditionalOnWebApplication
public class IdempotencyPurge {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyPurge.class);
    private static final int BATCH = 5_000;

    private final JdbcClient jdbc;
    private final Clock clock;
    private final ApplicationContext context;
    private final ScheduledExecutorService purger;

    public IdempotencyPurge(JdbcClient jdbc, Clock clock, IdempotencySettings settings, ApplicationContext context) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.context = context;
        this.purger = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "api-idempotency-purge");
            t.setDaemon(true);
            return t;
        });
        long every = settings.purgeInterval().toMillis();
        purger.scheduleWithFixedDelay(this::purgeLogged, every, every, TimeUnit.MILLISECONDS);
    }

    @EventListener
    void closing(ContextClosedEvent event) {
        if (event.getApplicationContext() == context) {
            purger.shutdownNow();
        }
    }

    /** Deletes every expired row; answers how many. */
    public int purge() {
        int total = 0;
        int deleted;
        do {
            deleted = jdbc.sql("""
                            DELETE FROM api_idempotency WHERE ctid IN (
                                SELECT ctid FROM api_idempotency WHERE expires_at < :now LIMIT :batch)""")
                    .param("now", Timestamp.from(clock.instant()))
                    .param("batch", BATCH)
                    .update();
            total += deleted;
        } while (deleted == BATCH);
        return total;
    }

    private void purgeLogged() {
        try {
            purge();
        } catch (RuntimeException e) {
            // the next run tries again; expired rows are ignored by requests meanwhile
            log.warn("Purging expired idempotency keys failed", e);
        }
    }
}
