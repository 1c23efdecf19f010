package dev.agis.projections;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.mock.env.MockEnvironment;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProcessorSegmentsTest {

    @Test
    void aGroupWithoutItsOwnCountGetsTheDefault() {
        MockEnvironment env = new MockEnvironment()
                .withProperty("agis.processors.segments", "2")
                .withProperty("agis.processors.segments-by-group.transfers", "8");

        ProcessorSegments segments = segmentsIn(env);

        assertThat(segments.of("transfers")).isEqualTo(8);
        assertThat(segments.of("servers")).isEqualTo(2);
        assertThat(segments.byGroup()).isEqualTo(Map.of("transfers", 8));
    }

    @Test
    void nothingConfiguredMeansOneSegment() {
        assertThat(segmentsIn(new MockEnvironment()).of("ledger")).isEqualTo(1);
    }

    @Test
    void zeroSegmentsAreRefusedAtStartUp() {
        MockEnvironment env = new MockEnvironment().withProperty("agis.processors.segments-by-group.ledger", "0");

        assertThatThrownBy(() -> segmentsIn(env)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1");
    }

    @Test
    void experimentResultsKeepsOneSegmentWhateverTheDefault() {
        MockEnvironment env = new MockEnvironment().withProperty("agis.processors.segments", "4");

        assertThat(segmentsIn(env).of("experiment-results")).isEqualTo(1);
        assertThat(segmentsIn(env).of("servers")).isEqualTo(4);
        assertThatThrownBy(() -> segmentsIn(new MockEnvironment().withProperty("agis.processors.segments-by-group.experiment-results", "2")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("global order");
    }

    /** Binds the settings the way Spring Boot binds the application's. */
    private static ProcessorSegments segmentsIn(MockEnvironment env) {
        return Binder.get(env).bindOrCreate("agis.processors", ProcessorSettings.class).segmentCounts();
    }
}
