package dev.agis.command.experiment;

import dev.agis.domain.common.Actor;
import dev.agis.domain.common.CommonError;
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
import dev.agis.domain.experiment.ExperimentMetric;
import dev.agis.domain.experiment.Variant;
import dev.agis.domain.experiment.VariantSpec;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static dev.agis.command.experiment.ExperimentFixtures.domainError;

/** The experiment lifecycle and every validation rule, given/when/expect. */
class ExperimentTest {

    static final Instant NOW = Instant.parse("2026-11-22T03:00:00Z");
    static final ExperimentKey KEY = ExperimentKey.of("reward-boost");
    static final Actor ADMIN = Actor.admin("1001");

    private AggregateTestFixture<Experiment> fixture;
    private ExperimentFixtures.InMemoryRegistry registry;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Experiment.class);
        registry = new ExperimentFixtures.InMemoryRegistry();
        fixture.registerInjectableResource(Clock.fixed(NOW, ZoneOffset.UTC));
        fixture.registerInjectableResource(registry);
    }

    static List<VariantSpec> rewardVariants() {
        return List.of(new VariantSpec("control", 1, "{\"reward.multiplier\": 1}"),
                new VariantSpec("boost", 1, "{\"reward\": {\"multiplier\": 1.50}, \"label\": \"x1.5\"}"));
    }

    static CreateExperiment create(List<VariantSpec> variants, String control, int traffic) {
        return new CreateExperiment(KEY, "Does a 1.5x reward raise GC per player?", "Players earn more", variants, control,
                traffic, ExperimentMetric.GC_PER_PLAYER, null, ADMIN);
    }

    static ExperimentCreated created(int traffic) {
        return new ExperimentCreated(KEY, "Does a 1.5x reward raise GC per player?", "Players earn more",
                List.of(new Variant("control", 1, "{\"reward.multiplier\":1}", BigDecimal.ONE),
                        new Variant("boost", 1, "{\"reward\":{\"multiplier\":1.5},\"label\":\"x1.5\"}", new BigDecimal("1.5"))),
                "control", traffic, ExperimentMetric.GC_PER_PLAYER, 0.05, true, ADMIN, NOW);
    }

    // --- lifecycle ---------------------------------------------------------------------------

    @Test
    void createsAnExperimentInDraftWithNormalisedConfigsAndTheRewardMarker() {
        fixture.givenNoPriorActivity()
                .when(create(rewardVariants(), "control", 50))
                .expectSuccessfulHandlerExecution()
                .expectEvents(created(50));
    }

    @Test
    void anExperimentWithoutRewardMultiplierIsNoRewardExperiment() {
        fixture.givenNoPriorActivity()
                .when(new CreateExperiment(KEY, "Welcome message", null,
                        List.of(new VariantSpec("a", 3, "{\"text\": \"hi\"}"), new VariantSpec("b", 1, null)), "a", 100,
                        ExperimentMetric.CONVERSION_RATE, 0.01, ADMIN))
                .expectEvents(new ExperimentCreated(KEY, "Welcome message", null,
                        List.of(new Variant("a", 3, "{\"text\":\"hi\"}", null), new Variant("b", 1, "{}", null)),
                        "a", 100, ExperimentMetric.CONVERSION_RATE, 0.01, false, ADMIN, NOW));
    }

    @Test
    void createsOnlyOnce() {
        fixture.given(created(50))
                .when(create(rewardVariants(), "control", 50))
                .expectException(domainError(ExperimentError.EXPERIMENT_ALREADY_EXISTS))
                .expectNoEvents();
    }

    @Test
    void startsStopsAndArchives() {
        fixture.given(created(50))
                .when(new StartExperiment(KEY, ADMIN))
                .expectEvents(new ExperimentStarted(KEY, true, ADMIN, NOW));
        fixture.given(created(50), new ExperimentStarted(KEY, true, ADMIN, NOW))
                .when(new StopExperiment(KEY, ADMIN))
                .expectEvents(new ExperimentStopped(KEY, ADMIN, NOW));
        fixture.given(created(50), new ExperimentStarted(KEY, true, ADMIN, NOW), new ExperimentStopped(KEY, ADMIN, NOW))
                .when(new ArchiveExperiment(KEY, ADMIN))
                .expectEvents(new ExperimentArchived(KEY, ADMIN, NOW));
    }

    @Test
    void aDraftMayBeArchivedWithoutRunning() {
        fixture.given(created(50))
                .when(new ArchiveExperiment(KEY, ADMIN))
                .expectEvents(new ExperimentArchived(KEY, ADMIN, NOW));
    }

    @Test
    void repeatingTheLastTransitionIsANoOp() {
        fixture.given(created(50), new ExperimentStarted(KEY, true, ADMIN, NOW))
                .when(new StartExperiment(KEY, ADMIN))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        fixture.given(created(50), new ExperimentStarted(KEY, true, ADMIN, NOW), new ExperimentStopped(KEY, ADMIN, NOW))
                .when(new StopExperiment(KEY, ADMIN))
                .expectNoEvents();
        fixture.given(created(50), new ExperimentArchived(KEY, ADMIN, NOW))
                .when(new ArchiveExperiment(KEY, ADMIN))
                .expectNoEvents();
    }

    @Test
    void wrongTransitionsAreRefused() {
        fixture.given(created(50))
                .when(new StopExperiment(KEY, ADMIN))
                .expectException(domainError(ExperimentError.WRONG_STATUS));
        fixture.given(created(50), new ExperimentStarted(KEY, true, ADMIN, NOW))
                .when(new ArchiveExperiment(KEY, ADMIN))
                .expectException(domainError(ExperimentError.WRONG_STATUS));
        fixture.given(created(50), new ExperimentStarted(KEY, true, ADMIN, NOW), new ExperimentStopped(KEY, ADMIN, NOW))
                .when(new StartExperiment(KEY, ADMIN))
                .expectException(domainError(ExperimentError.WRONG_STATUS));
        fixture.given(created(50), new ExperimentArchived(KEY, ADMIN, NOW))
                .when(new StartExperiment(KEY, ADMIN))
                .expectException(domainError(ExperimentError.WRONG_STATUS));
        fixture.given(created(50), new ExperimentArchived(KEY, ADMIN, NOW))
                .when(new ChangeTrafficAllocation(KEY, 80, ADMIN))
                .expectException(domainError(ExperimentError.WRONG_STATUS));
    }

    @Test
    void commandsOnAnUnknownExperimentAnswerNotFoundAndStoreNothing() {
        fixture.givenNoPriorActivity()
                .when(new StartExperiment(KEY, ADMIN))
                .expectException(domainError(ExperimentError.EXPERIMENT_NOT_FOUND))
                .expectNoEvents();
        fixture.givenNoPriorActivity()
                .when(new ChangeTrafficAllocation(KEY, 10, ADMIN))
                .expectException(domainError(ExperimentError.EXPERIMENT_NOT_FOUND));
    }

    @Test
    void onlyOneRewardExperimentRuns() {
        registry.runningReward = ExperimentKey.of("older-reward");
        fixture.given(created(50))
                .when(new StartExperiment(KEY, ADMIN))
                .expectException(domainError(ExperimentError.REWARD_EXPERIMENT_ALREADY_RUNNING))
                .expectNoEvents();
    }

    // --- traffic -----------------------------------------------------------------------------

    @Test
    void trafficOfARunningExperimentOnlyGrows() {
        fixture.given(created(50), new ExperimentStarted(KEY, true, ADMIN, NOW))
                .when(new ChangeTrafficAllocation(KEY, 80, ADMIN))
                .expectEvents(new TrafficAllocationChanged(KEY, 50, 80, ADMIN, NOW));
        fixture.given(created(50), new ExperimentStarted(KEY, true, ADMIN, NOW))
                .when(new ChangeTrafficAllocation(KEY, 40, ADMIN))
                .expectException(domainError(ExperimentError.TRAFFIC_DECREASE_WHILE_RUNNING))
                .expectNoEvents();
        fixture.given(created(50), new ExperimentStarted(KEY, true, ADMIN, NOW), new TrafficAllocationChanged(KEY, 50, 80, ADMIN, NOW))
                .when(new ChangeTrafficAllocation(KEY, 60, ADMIN))
                .expectException(domainError(ExperimentError.TRAFFIC_DECREASE_WHILE_RUNNING));
    }

    @Test
    void aDraftsTrafficMayGoEitherWayAndTheSameValueIsANoOp() {
        fixture.given(created(50))
                .when(new ChangeTrafficAllocation(KEY, 10, ADMIN))
                .expectEvents(new TrafficAllocationChanged(KEY, 50, 10, ADMIN, NOW));
        fixture.given(created(50))
                .when(new ChangeTrafficAllocation(KEY, 50, ADMIN))
                .expectNoEvents();
        fixture.given(created(50))
                .when(new ChangeTrafficAllocation(KEY, 101, ADMIN))
                .expectException(domainError(ExperimentError.INVALID_TRAFFIC));
    }

    // --- validation --------------------------------------------------------------------------

    @Test
    void weightsMustBePositive() {
        fixture.givenNoPriorActivity()
                .when(create(List.of(new VariantSpec("control", 1, null), new VariantSpec("b", 0, null)), "control", 50))
                .expectException(domainError(ExperimentError.INVALID_WEIGHT))
                .expectNoEvents();
        fixture.givenNoPriorActivity()
                .when(create(List.of(new VariantSpec("control", -3, null), new VariantSpec("b", 1, null)), "control", 50))
                .expectException(domainError(ExperimentError.INVALID_WEIGHT));
    }

    @Test
    void variantNamesMustBeUnique() {
        fixture.givenNoPriorActivity()
                .when(create(List.of(new VariantSpec("control", 1, null), new VariantSpec("control", 1, null)), "control", 50))
                .expectException(domainError(ExperimentError.DUPLICATE_VARIANT));
    }

    @Test
    void theControlMustBeOneOfTheVariants() {
        fixture.givenNoPriorActivity()
                .when(create(List.of(new VariantSpec("a", 1, null), new VariantSpec("b", 1, null)), "control", 50))
                .expectException(domainError(ExperimentError.MISSING_CONTROL));
        fixture.givenNoPriorActivity()
                .when(create(List.of(new VariantSpec("a", 1, null), new VariantSpec("b", 1, null)), null, 50))
                .expectException(domainError(ExperimentError.MISSING_CONTROL));
    }

    @Test
    void configsMustBeWellFormedJsonObjects() {
        fixture.givenNoPriorActivity()
                .when(create(List.of(new VariantSpec("control", 1, "{\"a\": }"), new VariantSpec("b", 1, null)), "control", 50))
                .expectException(domainError(ExperimentError.INVALID_CONFIG));
        fixture.givenNoPriorActivity()
                .when(create(List.of(new VariantSpec("control", 1, "[1, 2]"), new VariantSpec("b", 1, null)), "control", 50))
                .expectException(domainError(ExperimentError.INVALID_CONFIG));
        fixture.givenNoPriorActivity()
                .when(create(List.of(new VariantSpec("control", 1, "{} {}"), new VariantSpec("b", 1, null)), "control", 50))
                .expectException(domainError(ExperimentError.INVALID_CONFIG));
    }

    @Test
    void rewardMultipliersMustBeInEveryVariantAndSensible() {
        fixture.givenNoPriorActivity()
                .when(create(List.of(new VariantSpec("control", 1, null), new VariantSpec("b", 1, "{\"reward.multiplier\": 2}")), "control", 50))
                .expectException(domainError(ExperimentError.INVALID_REWARD_MULTIPLIER));
        fixture.givenNoPriorActivity()
                .when(create(List.of(new VariantSpec("control", 1, "{\"reward.multiplier\": 1}"),
                        new VariantSpec("b", 1, "{\"reward.multiplier\": \"2\"}")), "control", 50))
                .expectException(domainError(ExperimentError.INVALID_REWARD_MULTIPLIER));
        fixture.givenNoPriorActivity()
                .when(create(List.of(new VariantSpec("control", 1, "{\"reward.multiplier\": 1}"),
                        new VariantSpec("b", 1, "{\"reward.multiplier\": 0}")), "control", 50))
                .expectException(domainError(ExperimentError.INVALID_REWARD_MULTIPLIER));
        fixture.givenNoPriorActivity()
                .when(create(List.of(new VariantSpec("control", 1, "{\"reward.multiplier\": 1}"),
                        new VariantSpec("b", 1, "{\"reward.multiplier\": 11}")), "control", 50))
                .expectException(domainError(ExperimentError.INVALID_REWARD_MULTIPLIER));
    }

    @Test
    void needsTwoToTenVariantsWithValidNames() {
        fixture.givenNoPriorActivity()
                .when(create(List.of(new VariantSpec("control", 1, null)), "control", 50))
                .expectException(domainError(ExperimentError.INVALID_VARIANTS));
        fixture.givenNoPriorActivity()
                .when(create(null, "control", 50))
                .expectException(domainError(ExperimentError.INVALID_VARIANTS));
        fixture.givenNoPriorActivity()
                .when(create(List.of(new VariantSpec("control", 1, null), new VariantSpec("b c", 1, null)), "control", 50))
                .expectException(domainError(ExperimentError.INVALID_VARIANTS));
    }

    @Test
    void trafficAlphaDescriptionAndMetricAreChecked() {
        fixture.givenNoPriorActivity()
                .when(create(rewardVariants(), "control", -1))
                .expectException(domainError(ExperimentError.INVALID_TRAFFIC));
        fixture.givenNoPriorActivity()
                .when(new CreateExperiment(KEY, "d", null, rewardVariants(), "control", 50, ExperimentMetric.GC_PER_PLAYER, 0.7, ADMIN))
                .expectException(domainError(ExperimentError.INVALID_ALPHA));
        fixture.givenNoPriorActivity()
                .when(new CreateExperiment(KEY, "d", null, rewardVariants(), "control", 50, ExperimentMetric.GC_PER_PLAYER, 0.0, ADMIN))
                .expectException(domainError(ExperimentError.INVALID_ALPHA));
        fixture.givenNoPriorActivity()
                .when(new CreateExperiment(KEY, " ", null, rewardVariants(), "control", 50, ExperimentMetric.GC_PER_PLAYER, null, ADMIN))
                .expectException(domainError(CommonError.INVALID_ARGUMENT));
        fixture.givenNoPriorActivity()
                .when(new CreateExperiment(KEY, "d", null, rewardVariants(), "control", 50, null, null, ADMIN))
                .expectException(domainError(CommonError.INVALID_ARGUMENT));
    }
}
