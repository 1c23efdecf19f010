package dev.agis.domain.experiment;

/** The metric an experiment is judged by; results always show both. */
public enum ExperimentMetric {
    /** Share of exposed players with at least one ad-reward conversion after exposure (two-proportion z-test). */
    CONVERSION_RATE,
    /** Ad-reward GameCredits per exposed player after exposure (Welch's t-test). */
    GC_PER_PLAYER
}
