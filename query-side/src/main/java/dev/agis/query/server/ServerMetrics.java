package dev.agis.query.server;

import dev.agis.domain.server.ServerState;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Gauges from the read models, equal on every instance because they read the same database:
 * {@code agis_scheduler_active_schedules} and {@code agis_game_servers{game_type,status}} (servers
 * by game and state; every game of the catalog × every state, zeros included). Values come from
 * one snapshot refreshed at most every few seconds, whoever scrapes.
 */
@Component
public class ServerMetrics {

    private static final Duration MAX_AGE = Duration.ofSeconds(5);

    private final JdbcClient jdbc;
    private final MeterRegistry meters;
    private volatile Instant refreshedAt = Instant.EPOCH;
    private volatile long activeSchedules;
    private volatile Map<String, Long> serverCounts = Map.of();

    public ServerMetrics(JdbcClient jdbc, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.meters = meters;
    }

    @EventListener(ApplicationReadyEvent.class)
    void register() {
        Gauge.builder("agis.scheduler.active.schedules", this, m -> m.refresh().activeSchedules)
                .description("Enabled server schedules")
                .register(meters);
        List<String> games = jdbc.sql("SELECT DISTINCT game FROM server_template ORDER BY game").query(String.class).list();
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (String game : games) {
            for (ServerState state : ServerState.values()) {
                String status = state.name().toLowerCase(Locale.ROOT);
                rows.add(MultiGauge.Row.of(Tags.of("game_type", game, "status", status), this,
                        m -> m.refresh().serverCounts.getOrDefault(game + "|" + status, 0L)));
            }
        }
        MultiGauge.builder("agis.game.servers").description("Game servers by game and state").register(meters).register(rows);
    }

    synchronized ServerMetrics refresh() {
        if (Instant.now().isBefore(refreshedAt.plus(MAX_AGE))) {
            return this;
        }
        refreshedAt = Instant.now();
        try {
            activeSchedules = jdbc.sql("SELECT count(*) FROM server_schedule WHERE enabled AND NOT deleted").query(Long.class).single();
            serverCounts = jdbc.sql("SELECT game, lower(state), count(*) FROM game_server GROUP BY game, state")
                    .query((rs, n) -> Map.entry(rs.getString(1) + "|" + rs.getString(2), rs.getLong(3)))
                    .list().stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        } catch (RuntimeException e) {
            // database unavailable: readiness reports it; the gauges keep their last values
        }
        return this;
    }
}
