package dev.agis.query.experiment;

import dev.agis.domain.experiment.Assignment;
import dev.agis.domain.experiment.ExperimentCommands.RecordExposure;
import dev.agis.domain.experiment.ExperimentQueries.ExperimentView;
import dev.agis.domain.experiment.RewardMultiplierQuery.FindRewardMultiplier;
import dev.agis.domain.experiment.RewardMultiplierQuery.RewardMultiplier;
import dev.agis.domain.experiment.Variant;
import jakarta.annotation.PreDestroy;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The reward hook (SPEC §2.6): the {@code reward.multiplier} of the player's variant in the running
 * reward experiment, or {@link RewardMultiplier#NONE} when none runs or the traffic allocation
 * leaves the player out.
 *
 * <p>Serving a multiplier is the player's exposure, so the first answer per player records it
 * ({@code RecordExposure}) before returning: the reward that follows is then attributed to the
 * variant. The command runs on its own thread, outside the query's unit of work, so it commits on
 * its own; if it fails the multiplier is still served (the player must be paid the same either
 * way) and the next call records the exposure.
 */
@Component
public class RewardMultiplierQueryHandler {

    private static final Logger log = LoggerFactory.getLogger(RewardMultiplierQueryHandler.class);

    private final ExperimentQueryHandler experiments;
    private final CommandGateway commands;
    private final long exposureTimeoutMs;
    private final ExecutorService exposures = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "experiment-exposure");
        t.setDaemon(true);
        return t;
    });

    public RewardMultiplierQueryHandler(ExperimentQueryHandler experiments, CommandGateway commands,
                                        ExperimentSettings settings) {
        this.experiments = experiments;
        this.commands = commands;
        this.exposureTimeoutMs = settings.exposureTimeoutMs();
    }

    @QueryHandler
    public RewardMultiplier handle(FindRewardMultiplier q) {
        if (q.playerId() == null) {
            return RewardMultiplier.NONE;
        }
        ExperimentView experiment = experiments.runningRewardExperiment().orElse(null);
        if (experiment == null) {
            return RewardMultiplier.NONE;
        }
        int index = Assignment.Plan.of(experiment.variants(), experiment.trafficPercent()).assign(experiment.key().value(), q.playerId().value());
        if (index < 0) {
            return RewardMultiplier.NONE;
        }
        Variant variant = experiment.variants().get(index);
        recordExposure(new RecordExposure(experiment.key(), q.playerId()));
        return new RewardMultiplier(variant.rewardMultiplier(), experiment.key().value(), variant.name());
    }

    private void recordExposure(RecordExposure cmd) {
        try {
            CompletableFuture.supplyAsync(() -> commands.sendAndWait(cmd), exposures)
                    .get(exposureTimeoutMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("Could not record the exposure of player {} to {}; serving the multiplier anyway", cmd.playerId(),
                    cmd.experimentKey().value(), e);
        }
    }

    @PreDestroy
    void close() {
        exposures.shutdown();
    }
}
