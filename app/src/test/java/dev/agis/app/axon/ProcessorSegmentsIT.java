package dev.agis.app.axon;

import dev.agis.app.AbstractIntegrationTest;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The running application creates and claims the segment counts of application.yml. */
class ProcessorSegmentsIT extends AbstractIntegrationTest {

    @Autowired
    EventProcessingConfiguration processing;

    @Test
    void processManagersWaitingOnCommandsRunEightSegmentsProjectionsOneOrFour() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(claimedSegments("transfers")).isEqualTo(8);
            assertThat(claimedSegments("conversion-rewards")).isEqualTo(8);
            assertThat(claimedSegments("ledger")).isEqualTo(4);
            assertThat(claimedSegments("servers")).isEqualTo(1);
        });
    }

    private int claimedSegments(String processor) {
        StreamingEventProcessor p = processing.eventProcessor(processor, StreamingEventProcessor.class).orElseThrow();
        return p.processingStatus().size();
    }
}
