package dev.agis.domain.experiment;

import dev.agis.domain.common.Actor;
import dev.agis.domain.common.PlayerId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/** Commands of the experiments context (SPEC §2.6). */
public final class ExperimentCommands {

    private ExperimentCommands() {
    }

    /**
     * Defines a new experiment in status DRAFT.
     *
     * @param controlVariant  the name of the variant every other one is compared with
     * @param trafficPercent  share of players included, 0..100
     * @param alpha           significance level of the results, null = 0.05
     */
    public record CreateExperiment(@TargetAggregateIdentifier ExperimentKey key,
                                   String description,
                                   String hypothesis,
                                   List<VariantSpec> variants,
                                   String controlVariant,
                                   int trafficPercent,
                                   ExperimentMetric primaryMetric,
                                   Double alpha,
                                   Actor actor) {
    }

    public record StartExperiment(@TargetAggregateIdentifier ExperimentKey key, Actor actor) {
    }

    /** Stops a running experiment for good (status COMPLETED); assignment and tracking end. */
    public record StopExperiment(@TargetAggregateIdentifier ExperimentKey key, Actor actor) {
    }

    /** Sets the traffic allocation; while running it may only grow, so players are only ever added. */
    public record ChangeTrafficAllocation(@TargetAggregateIdentifier ExperimentKey key, int trafficPercent, Actor actor) {
    }

    public record ArchiveExperiment(@TargetAggregateIdentifier ExperimentKey key, Actor actor) {
    }

    /**
     * Records that a player saw their variant of a running experiment. The first time per player
     * and experiment it emits {@link ExperimentEvents.PlayerExposed}; repeats return the first
     * outcome. Fails with {@code PLAYER_NOT_IN_EXPERIMENT} when the traffic allocation excludes the player.
     */
    public record RecordExposure(ExperimentKey experimentKey, PlayerId playerId) {

        /**
         * One small aggregate per player and experiment: {@code exposure:<key>:<playerId>}. The player
         * goes in by its toString (the plain id), so a command without one still reaches the aggregate,
         * which refuses it with {@code INVALID_PLAYER}.
         */
        @TargetAggregateIdentifier
        public String exposureId() {
            return "exposure:" + experimentKey.value() + ":" + playerId;
        }
    }

    /** The answer to {@link RecordExposure}. */
    public record ExposureOutcome(ExperimentKey experimentKey, PlayerId playerId, String variant, boolean duplicate) {
    }
}
