package dev.agis.app.cli;

import dev.agis.app.AbstractIntegrationTest;
import org.junit.jupiter.api.Test;

import static dev.agis.app.cli.InProcessAgis.agis;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code agis bench api} end to end, briefly: it boots AGIS twice on loopback (with keys and limits,
 * then with the bench-only baseline), every request of both runs is answered 200, and it prints
 * both rates, their ratio, the percentiles and the CPU per request.
 */
class ApiBenchIT extends AbstractIntegrationTest {

    @Test
    void drivesTheKeyedGetThenTheBaselineAndComparesThem() {
        InProcessAgis.Run run = agis("bench", "api", "--path", "/api/v1/servers", "--clients", "2", "--seconds", "1",
                "--warmup-seconds", "0");

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).containsPattern("with API key and rate limit: [1-9][0-9]* requests in .* statuses \\{200=[0-9]+}")
                .containsPattern("without security and limits: [1-9][0-9]* requests in .* statuses \\{200=[0-9]+}")
                .contains("latency ms: p50", "p95", "p99", "AGIS CPU:", "ms per request")
                .containsPattern("ratio: authenticated [0-9]+/s is [0-9]+% of unauthenticated [0-9]+/s")
                .contains("targets: >= 1000/s");
    }

    @Test
    void badUsageIsExitTwo() {
        assertThat(agis("bench", "api", "--clients", "0").exit()).isEqualTo(2);
        assertThat(agis("bench", "api", "--path", "api/v1/servers").exit()).isEqualTo(2);
    }
}
