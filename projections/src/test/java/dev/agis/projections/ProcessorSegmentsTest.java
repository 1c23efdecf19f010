package dev.agis.projections;

import org.junit.jupiter.api.Test;
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

        ProcessorSegments segments = ProcessorSegments.from(env);

        assertThat(segments.of("transfers")).isEqualTo(8);
        assertThat(segments.of("servers")).isEqualTo(2);
        assertThat(segments.byGroup()).isEqualTo(Map.of("transfers", 8));
    }

    @Test
    void nothingConfiguredMeansOneSegment() {
        assertThat(ProcessorSegments.from(new MockEnvironment()).of("ledger")).isEqualTo(1);
    }

    @Test
    void zeroSegmentsAreRefusedAtStartUp() {
        MockEnvironment env = new MockEnvironment().withProperty("agis.processors.segments-by-group.ledger", "0");

        assertThatThrownBy(() -> ProcessorSegments.from(env)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1");
    }
}
