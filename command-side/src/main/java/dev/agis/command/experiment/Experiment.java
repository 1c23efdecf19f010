package dev.agis.command.experiment;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import dev.agis.domain.common.Actor;
import dev.agis.domain.common.CommonError;
import dev.agis.domain.common.DomainException;
import dev.agis.domain.experiment.ExperimentCommands.ArchiveExperiment;
import dev.agis.domain.experiment.ExperimentCommands.ChangeTrafficAllocation;
import dev.agis.domain.experiment.ExperimentCommands.CreateExperiment;
import dev.agis.domain.experiment.ExperimentCommands.StartExperiment;
import dev.agis.domain.experiment.ExperimentCommands.StopExperiment;
import dev.agis.domain.experiment.ExperimentError;
import dev.agis.domain.experiment.ExperimentEvents.ExperimentArchived;
import dev.agis.domain.experiment.ExperimentEvents.ExperimentCreated;
import dev.agis.domain.experiment.ExperimentEvents.ExperimentStarted;
import dev.agis.domain.experiment.ExperimentEvents.ExperimentStopped;
import dev.agis.domain.experiment.ExperimentEvents.TrafficAllocationChanged;
import dev.agis.domain.experiment.ExperimentKey;
import dev.agis.domain.experiment.ExperimentStatus;
import dev.agis.domain.experiment.Variant;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Clock;
import java.util.List;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * An experiment's definition and lifecycle (SPEC §2.6), id {@code experiment:<key>}.
 * It holds no per-player state: assignment is a pure function ({@code Assignment}) and exposures
 * live in their own tiny aggregates ({@link Exposure}), so this aggregate stays a handful of events
 * however many players take part.
 *
 * <p>Repeating the command that led to the current status (start a running experiment, stop a
 * completed one, archive an archived one) is a no-op, so callers may retry safely.
 */
@Aggregate
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY,
        getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class Experiment {

    @AggregateIdentifier
    private String id;
    private ExperimentKey key;
    private ExperimentStatus status;
    private int trafficPercent;
    private boolean rewardExperiment;

    protected Experiment() {
        // for Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(CreateExperiment cmd, Clock clock) {
        requireKeyAndActor(cmd.key(), cmd.actor());
        if (id != null) {
            throw new DomainException(ExperimentError.EXPERIMENT_ALREADY_EXISTS, "experiment '" + cmd.key().value() + "' already exists");
        }
        String description = ExperimentDefinitionRules.description(cmd.description());
        String hypothesis = ExperimentDefinitionRules.hypothesis(cmd.hypothesis());
        List<Variant> variants = ExperimentDefinitionRules.variants(cmd.variants(), cmd.controlVariant());
        int traffic = ExperimentDefinitionRules.traffic(cmd.trafficPercent());
        double alpha = ExperimentDefinitionRules.alpha(cmd.alpha());
        if (cmd.primaryMetric() == null) {
            throw new DomainException(CommonError.INVALID_ARGUMENT, "primary metric is required (CONVERSION_RATE or GC_PER_PLAYER)");
        }
        boolean reward = variants.get(0).rewardMultiplier() != null;
        apply(new ExperimentCreated(cmd.key(), description, hypothesis, variants, cmd.controlVariant(), traffic,
                cmd.primaryMetric(), alpha, reward, cmd.actor(), clock.instant()));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(StartExperiment cmd, ExperimentRegistry registry, Clock clock) {
        requireExisting(cmd.key(), cmd.actor());
        if (status == ExperimentStatus.RUNNING) {
            return;
        }
        requireStatus(ExperimentStatus.DRAFT, "start");
        if (rewardExperiment) {
            registry.runningRewardExperiment()
                    .filter(other -> !other.equals(key))
                    .ifPresent(other -> {
                        throw new DomainException(ExperimentError.REWARD_EXPERIMENT_ALREADY_RUNNING,
                                "reward experiment '" + other.value() + "' is running; stop it before starting '" + key.value() + "'");
                    });
        }
        apply(new ExperimentStarted(key, rewardExperiment, cmd.actor(), clock.instant()));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(StopExperiment cmd, Clock clock) {
        requireExisting(cmd.key(), cmd.actor());
        if (status == ExperimentStatus.COMPLETED) {
            return;
        }
        requireStatus(ExperimentStatus.RUNNING, "stop");
        apply(new ExperimentStopped(key, cmd.actor(), clock.instant()));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(ChangeTrafficAllocation cmd, Clock clock) {
        requireExisting(cmd.key(), cmd.actor());
        int traffic = ExperimentDefinitionRules.traffic(cmd.trafficPercent());
        if (status != ExperimentStatus.DRAFT && status != ExperimentStatus.RUNNING) {
            throw wrongStatus("change the traffic allocation of");
        }
        if (status == ExperimentStatus.RUNNING && traffic < trafficPercent) {
            throw new DomainException(ExperimentError.TRAFFIC_DECREASE_WHILE_RUNNING,
                    "a running experiment's traffic allocation may only grow (players are never removed), is "
                            + trafficPercent + "%, asked " + traffic + "%");
        }
        if (traffic == trafficPercent) {
            return;
        }
        apply(new TrafficAllocationChanged(key, trafficPercent, traffic, cmd.actor(), clock.instant()));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(ArchiveExperiment cmd, Clock clock) {
        requireExisting(cmd.key(), cmd.actor());
        if (status == ExperimentStatus.ARCHIVED) {
            return;
        }
        if (status == ExperimentStatus.RUNNING) {
            throw new DomainException(ExperimentError.WRONG_STATUS, "experiment '" + key.value() + "' is running; stop it before archiving");
        }
        apply(new ExperimentArchived(key, cmd.actor(), clock.instant()));
    }

    // --- rules -------------------------------------------------------------------------------

    private static void requireKeyAndActor(ExperimentKey key, Actor actor) {
        if (key == null) {
            throw new DomainException(ExperimentError.INVALID_KEY, "experiment key is required");
        }
        if (actor == null) {
            throw new DomainException(CommonError.INVALID_ARGUMENT, "actor is required");
        }
    }

    /** Commands other than create run on CREATE_IF_MISSING only to answer a clear NOT_FOUND (nothing is stored). */
    private void requireExisting(ExperimentKey key, Actor actor) {
        requireKeyAndActor(key, actor);
        if (id == null) {
            throw new DomainException(ExperimentError.EXPERIMENT_NOT_FOUND, "no experiment '" + key.value() + "'");
        }
    }

    private void requireStatus(ExperimentStatus wanted, String action) {
        if (status != wanted) {
            throw wrongStatus(action);
        }
    }

    private DomainException wrongStatus(String action) {
        return new DomainException(ExperimentError.WRONG_STATUS, "cannot " + action + " experiment '" + key.value() + "' in status " + status);
    }

    // --- state -------------------------------------------------------------------------------

    @EventSourcingHandler
    void on(ExperimentCreated e) {
        id = e.key().toString();
        key = e.key();
        status = ExperimentStatus.DRAFT;
        trafficPercent = e.trafficPercent();
        rewardExperiment = e.rewardExperiment();
    }

    @EventSourcingHandler
    void on(ExperimentStarted e) {
        status = ExperimentStatus.RUNNING;
    }

    @EventSourcingHandler
    void on(ExperimentStopped e) {
        status = ExperimentStatus.COMPLETED;
    }

    @EventSourcingHandler
    void on(TrafficAllocationChanged e) {
        trafficPercent = e.toPercent();
    }

    @EventSourcingHandler
    void on(ExperimentArchived e) {
        status = ExperimentStatus.ARCHIVED;
    }
}
