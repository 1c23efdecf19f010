package dev.agis.command.experiment;

import dev.agis.domain.experiment.ExperimentKey;
import dev.agis.domain.experiment.ExperimentStatus;
import dev.agis.domain.experiment.Variant;

import java.util.List;
import java.util.Optional;

/**
 * The current definition and status of every experiment, written in the same transaction as the
 * experiment events (see {@link ExperimentRegistryRecorder}). Read by command handlers that need
 * facts of another aggregate: the exposure (variants, traffic) and starting a reward experiment
 * (is another one running?).
 */
public interface ExperimentRegistry {

    Optional<Definition> find(ExperimentKey key);

    Optional<ExperimentKey> runningRewardExperiment();

    record Definition(ExperimentKey key, ExperimentStatus status, List<Variant> variants, int trafficPercent,
                      boolean rewardExperiment) {
    }
}
