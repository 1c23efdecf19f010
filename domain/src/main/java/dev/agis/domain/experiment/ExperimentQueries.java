package dev.agis.domain.experiment;

import dev.agis.domain.common.PlayerId;

import java.time.Instant;
import java.util.List;

/** Queries of the experiments context and their answers. */
public final class ExperimentQueries {

    private ExperimentQueries() {
    }

    /**
     * Experiments, newest first; {@code status} null = every status; a page after the experiment
     * created at {@code afterCreatedAt} with key {@code afterKey} when set.
     */
    public record ListExperiments(ExperimentStatus status, Instant afterCreatedAt, String afterKey, int limit) {

        /** The newest 500. */
        public ListExperiments(ExperimentStatus status) {
            this(status, null, null, 500);
        }
    }

    public record ExperimentList(List<ExperimentView> experiments) {
    }

    /** One experiment's definition and lifecycle; fails with {@code EXPERIMENT_NOT_FOUND}. */
    public record FindExperiment(ExperimentKey key) {
    }

    public record ExperimentView(ExperimentKey key, String description, String hypothesis, ExperimentStatus status,
                                 List<Variant> variants, String controlVariant, int trafficPercent,
                                 ExperimentMetric primaryMetric, double alpha, boolean rewardExperiment,
                                 Instant createdAt, Instant startedAt, Instant stoppedAt, Instant archivedAt) {
    }

    /** Which variant a player gets (side-effect free: records no exposure). */
    public record FindAssignment(ExperimentKey key, PlayerId playerId) {
    }

    /** @param variant null when the traffic allocation leaves the player out */
    public record PlayerAssignment(ExperimentKey key, PlayerId playerId, ExperimentStatus status, String variant, double hash) {
    }

    /** Results per variant with significance tests and the sample-ratio-mismatch check. */
    public record FindExperimentResults(ExperimentKey key) {
    }

    public record ExperimentResults(ExperimentKey key, ExperimentStatus status, ExperimentMetric primaryMetric,
                                    double alpha, long players, List<VariantResult> variants,
                                    SampleRatioCheck sampleRatio) {
    }

    /**
     * @param converters        exposed players with at least one ad-reward conversion after exposure
     * @param conversions       ad-reward conversions of exposed players after exposure
     * @param gcTotal           GameCredits those conversions paid
     * @param conversionVsControl null for the control variant
     * @param gcPerPlayerVsControl null for the control variant
     */
    public record VariantResult(String name, boolean control, int weight, double expectedShare, long players,
                                long converters, long conversions, double conversionRate, long gcTotal,
                                double gcPerPlayer, double gcStdDev,
                                Comparison conversionVsControl, Comparison gcPerPlayerVsControl) {
    }

    /**
     * A variant against the control. {@code difference} and the confidence interval are absolute
     * (variant − control); {@code lift} is relative to the control's value (null when that is 0).
     * Test statistics and p-values are null when the data cannot support the test yet
     * (e.g. fewer than two players, or no variance at all).
     *
     * @param test             {@code two-proportion-z} or {@code welch-t}
     * @param degreesOfFreedom Welch–Satterthwaite degrees of freedom (t-test only)
     */
    public record Comparison(String test, double difference, Double lift, Double statistic, Double degreesOfFreedom,
                             Double pValue, Double ciLow, Double ciHigh, double confidence, boolean significant) {
    }

    /** Pearson's chi-square of players per variant against the weights; a mismatch when p < threshold. */
    public record SampleRatioCheck(Double chiSquare, int degreesOfFreedom, Double pValue, double threshold, boolean mismatch) {
    }
}
