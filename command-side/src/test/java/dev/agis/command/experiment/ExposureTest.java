package dev.agis.command.experiment;

import dev.agis.domain.common.PlayerId;
import dev.agis.domain.experiment.Assignment;
import dev.agis.domain.experiment.ExperimentCommands.ExposureOutcome;
import dev.agis.domain.experiment.ExperimentCommands.RecordExposure;
import dev.agis.domain.experiment.ExperimentError;
import dev.agis.domain.experiment.ExperimentEvents.PlayerExposed;
import dev.agis.domain.experiment.ExperimentKey;
import dev.agis.domain.experiment.ExperimentStatus;
import dev.agis.domain.experiment.Variant;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static dev.agis.command.experiment.ExperimentFixtures.domainError;
import static org.assertj.core.api.Assertions.assertThat;

/** First exposure once per player and experiment. */
class ExposureTest {

    static final Instant NOW = Instant.parse("2026-11-22T03:00:00Z");
    static final ExperimentKey KEY = ExperimentKey.of("reward-boost");
    static final PlayerId PLAYER = PlayerId.of("2");
    static final List<Variant> VARIANTS = List.of(new Variant("control", 1, "{}", null), new Variant("boost", 1, "{}", null));

    private AggregateTestFixture<Exposure> fixture;
    private ExperimentFixtures.InMemoryRegistry registry;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Exposure.class);
        registry = new ExperimentFixtures.InMemoryRegistry();
        fixture.registerInjectableResource(Clock.fixed(NOW, ZoneOffset.UTC));
        fixture.registerInjectableResource(registry);
    }

    private void define(ExperimentStatus status, int traffic) {
        registry.definitions.put(KEY, new ExperimentRegistry.Definition(KEY, status, VARIANTS, traffic, false));
    }

    @Test
    void theFirstExposureIsRecordedWithTheAssignedVariant() {
        define(ExperimentStatus.RUNNING, 100);
        // player "2" hashes into the second half at 50/50 (see AssignmentTest)
        assertThat(Assignment.Plan.of(new int[]{1, 1}, 100).assign(KEY.value(), "2")).isEqualTo(1);
        fixture.givenNoPriorActivity()
                .when(new RecordExposure(KEY, PLAYER))
                .expectEvents(new PlayerExposed(KEY, PLAYER, "boost", NOW))
                .expectResultMessagePayload(new ExposureOutcome(KEY, PLAYER, "boost", false));
    }

    @Test
    void aRepeatRecordsNothingAndAnswersTheFirstVariant() {
        define(ExperimentStatus.COMPLETED, 0);
        fixture.given(new PlayerExposed(KEY, PLAYER, "boost", NOW))
                .when(new RecordExposure(KEY, PLAYER))
                .expectNoEvents()
                .expectResultMessagePayload(new ExposureOutcome(KEY, PLAYER, "boost", true));
    }

    @Test
    void playersOutsideTheTrafficAllocationAreNotExposed() {
        define(ExperimentStatus.RUNNING, 10);
        assertThat(Assignment.Plan.of(new int[]{1, 1}, 10).assign(KEY.value(), "2")).isEqualTo(-1);
        fixture.givenNoPriorActivity()
                .when(new RecordExposure(KEY, PLAYER))
                .expectException(domainError(ExperimentError.PLAYER_NOT_IN_EXPERIMENT))
                .expectNoEvents();
    }

    @Test
    void onlyRunningExperimentsRecordExposures() {
        define(ExperimentStatus.DRAFT, 100);
        fixture.givenNoPriorActivity()
                .when(new RecordExposure(KEY, PLAYER))
                .expectException(domainError(ExperimentError.EXPERIMENT_NOT_RUNNING));
        registry.definitions.clear();
        fixture.givenNoPriorActivity()
                .when(new RecordExposure(KEY, PLAYER))
                .expectException(domainError(ExperimentError.EXPERIMENT_NOT_FOUND));
    }

    @Test
    void playerIdsAreChecked() {
        define(ExperimentStatus.RUNNING, 100);
        fixture.givenNoPriorActivity()
                // a malformed id cannot be built any more (PlayerIdTest); a missing one is still refused
                .when(new RecordExposure(KEY, null))
                .expectException(domainError(ExperimentError.INVALID_PLAYER));
    }
}
