package dev.agis.command.experiment;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import dev.agis.domain.common.DomainException;
import dev.agis.domain.experiment.Assignment;
import dev.agis.domain.experiment.ExperimentCommands.ExposureOutcome;
import dev.agis.domain.experiment.ExperimentCommands.RecordExposure;
import dev.agis.domain.experiment.ExperimentError;
import dev.agis.domain.experiment.ExperimentEvents.PlayerExposed;
import dev.agis.domain.experiment.ExperimentKey;
import dev.agis.domain.experiment.ExperimentStatus;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Clock;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * The first exposure of one player to one experiment, id {@code exposure:<key>:<playerId>}
 * (see docs/adr/0030-exposure-per-player-aggregate.md). One event per player and experiment,
 * guaranteed by the event store's unique (aggregate id, sequence): two concurrent first exposures
 * cannot both append sequence 0; the loser is retried and finds the exposure recorded.
 */
@Aggregate
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY,
        getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class Exposure {

    @AggregateIdentifier
    private String id;
    private String variant;

    protected Exposure() {
        // for Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public ExposureOutcome handle(RecordExposure cmd, ExperimentRegistry registry, Clock clock) {
        if (cmd.experimentKey() == null) {
            throw new DomainException(ExperimentError.INVALID_KEY, "experiment key is required");
        }
        if (cmd.playerId() == null) {
            throw new DomainException(ExperimentError.INVALID_PLAYER, "a player id is required");
        }
        if (id != null) {
            return new ExposureOutcome(cmd.experimentKey(), cmd.playerId(), variant, true);
        }
        ExperimentKey key = cmd.experimentKey();
        ExperimentRegistry.Definition experiment = registry.find(key)
                .orElseThrow(() -> new DomainException(ExperimentError.EXPERIMENT_NOT_FOUND, "no experiment '" + key.value() + "'"));
        if (experiment.status() != ExperimentStatus.RUNNING) {
            throw new DomainException(ExperimentError.EXPERIMENT_NOT_RUNNING,
                    "experiment '" + key.value() + "' is " + experiment.status() + ", exposures are recorded only while it runs");
        }
        int index = Assignment.Plan.of(experiment.variants(), experiment.trafficPercent()).assign(key.value(), cmd.playerId().value());
        if (index < 0) {
            throw new DomainException(ExperimentError.PLAYER_NOT_IN_EXPERIMENT,
                    "player " + cmd.playerId() + " is outside the " + experiment.trafficPercent() + "% traffic allocation of '" + key.value() + "'");
        }
        String assigned = experiment.variants().get(index).name();
        apply(new PlayerExposed(key, cmd.playerId(), assigned, clock.instant()));
        return new ExposureOutcome(key, cmd.playerId(), assigned, false);
    }

    @EventSourcingHandler
    void on(PlayerExposed e) {
        id = "exposure:" + e.experimentKey().value() + ":" + e.playerId().value();
        variant = e.variant();
    }
}
