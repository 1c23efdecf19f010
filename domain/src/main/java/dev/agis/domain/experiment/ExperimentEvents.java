package dev.agis.domain.experiment;

import dev.agis.domain.common.Actor;
import dev.agis.domain.common.PlayerId;

import java.time.Instant;
import java.util.List;

/** Events of the experiments context. Released events never change. */
public final class ExperimentEvents {

    private ExperimentEvents() {
    }

    /** @param rewardExperiment true when every variant config sets {@code reward.multiplier} */
    public record ExperimentCreated(ExperimentKey key, String description, String hypothesis, List<Variant> variants,
                                    String controlVariant, int trafficPercent, ExperimentMetric primaryMetric,
                                    double alpha, boolean rewardExperiment, Actor actor, Instant createdAt) {
    }

    public record ExperimentStarted(ExperimentKey key, boolean rewardExperiment, Actor actor, Instant startedAt) {
    }

    public record ExperimentStopped(ExperimentKey key, Actor actor, Instant stoppedAt) {
    }

    public record TrafficAllocationChanged(ExperimentKey key, int fromPercent, int toPercent, Actor actor, Instant changedAt) {
    }

    public record ExperimentArchived(ExperimentKey key, Actor actor, Instant archivedAt) {
    }

    /** The first time a player saw their variant; emitted once per player and experiment. */
    public record PlayerExposed(ExperimentKey experimentKey, PlayerId playerId, String variant, Instant exposedAt) {
    }
}
