package dev.agis.command.experiment;

import dev.agis.command.support.HandledEventsOnly;
import dev.agis.domain.experiment.ExperimentEvents.ExperimentArchived;
import dev.agis.domain.experiment.ExperimentEvents.ExperimentCreated;
import dev.agis.domain.experiment.ExperimentEvents.ExperimentStarted;
import dev.agis.domain.experiment.ExperimentEvents.ExperimentStopped;
import dev.agis.domain.experiment.ExperimentEvents.TrafficAllocationChanged;
import dev.agis.domain.experiment.ExperimentKey;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;

/**
 * Keeps the {@code experiment} table: definition and status of every experiment. Runs in the
 * subscribing processing group {@value #GROUP}, inside the command's own transaction, so the
 * registry never lags behind the events. A unique partial index allows one running reward
 * experiment only: two concurrent starts cannot both commit.
 */
@Component
@ProcessingGroup(ExperimentRegistryRecorder.GROUP)
public class ExperimentRegistryRecorder {

    public static final String GROUP = "experiment-registry";

    private final JdbcClient jdbc;

    public ExperimentRegistryRecorder(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(ExperimentCreated e) {
        jdbc.sql("""
                        INSERT INTO experiment (experiment_key, description, hypothesis, status, variants, control_variant,
                                                traffic_percent, primary_metric, alpha, reward_experiment, created_by, created_at)
                        VALUES (:key, :description, :hypothesis, 'DRAFT', :variants, :control, :traffic, :metric, :alpha, :reward, :actor, :at)""")
                .param("key", e.key().value())
                .param("description", e.description())
                .param("hypothesis", e.hypothesis())
                .param("variants", JdbcExperimentRegistry.json(e.variants()))
                .param("control", e.controlVariant())
                .param("traffic", e.trafficPercent())
                .param("metric", e.primaryMetric().name())
                .param("alpha", e.alpha())
                .param("reward", e.rewardExperiment())
                .param("actor", e.actor().value())
                .param("at", ts(e.createdAt()))
                .update();
    }

    @EventHandler
    void on(ExperimentStarted e) {
        update(e.key(), "status = 'RUNNING', started_at = :at", e.startedAt());
    }

    @EventHandler
    void on(ExperimentStopped e) {
        update(e.key(), "status = 'COMPLETED', stopped_at = :at", e.stoppedAt());
    }

    @EventHandler
    void on(ExperimentArchived e) {
        update(e.key(), "status = 'ARCHIVED', archived_at = :at", e.archivedAt());
    }

    @EventHandler
    void on(TrafficAllocationChanged e) {
        jdbc.sql("UPDATE experiment SET traffic_percent = :traffic WHERE experiment_key = :key")
                .param("key", e.key().value())
                .param("traffic", e.toPercent())
                .update();
    }

    private void update(ExperimentKey key, String set, Instant at) {
        jdbc.sql("UPDATE experiment SET " + set + " WHERE experiment_key = :key")
                .param("key", key.value())
                .param("at", ts(at))
                .update();
    }

    private static Timestamp ts(Instant at) {
        return Timestamp.from(at);
    }

    /** Registers {@value #GROUP} as a subscribing processor (in-transaction), like the ledger keys. */
    @Configuration(proxyBeanMethods = false)
    static class Wiring {
        @Bean
        ConfigurerModule experimentRegistryProcessor() {
            return configurer -> configurer.eventProcessing(ep -> ep.registerSubscribingEventProcessor(GROUP, HandledEventsOnly.of(GROUP)));
        }
    }
}
