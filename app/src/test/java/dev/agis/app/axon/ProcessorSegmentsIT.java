package dev.agis.app.axon;

import dev.agis.app.AbstractIntegrationTest;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The running application creates and claims the segment counts of application.yml, and runs few processors (ADR 0052). */
class ProcessorSegmentsIT extends AbstractIntegrationTest {

    @Autowired
    EventProcessingConfiguration processing;

    @Test
    void theMoneyProcessManagersRunEightSegmentsProjectionsOneOrFour() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(claimedSegments("money")).isEqualTo(8);
            assertThat(claimedSegments("timers-and-adapters")).isEqualTo(1);
            assertThat(claimedSegments("ledger")).isEqualTo(4);
            assertThat(claimedSegments("servers")).isEqualTo(1);
        });
    }

    @Test
    void processManagersTimersAndAdaptersShareProcessorsUnderTheirOwnGroupNames() {
        assertThat(processing.eventProcessorByProcessingGroup("transfers")).containsSame(processing.eventProcessor("money").orElseThrow());
        assertThat(processing.eventProcessorByProcessingGroup("conversion-rewards").orElseThrow().getName()).isEqualTo("money");
        assertThat(processing.eventProcessorByProcessingGroup("server-billing").orElseThrow().getName()).isEqualTo("money");
        assertThat(processing.eventProcessorByProcessingGroup("subscription-billing").orElseThrow().getName()).isEqualTo("money");
        assertThat(processing.eventProcessorByProcessingGroup("schedule-timers").orElseThrow().getName()).isEqualTo("timers-and-adapters");
        assertThat(processing.eventProcessorByProcessingGroup("server-fleet").orElseThrow().getName()).isEqualTo("timers-and-adapters");
        assertThat(processing.eventProcessors().keySet()).doesNotContain("transfers", "conversion-rewards", "server-billing",
                "subscription-billing", "schedule-timers", "server-fleet");
    }

    private int claimedSegments(String processor) {
        StreamingEventProcessor p = processing.eventProcessor(processor, StreamingEventProcessor.class).orElseThrow();
        return p.processingStatus().size();
    }
}
