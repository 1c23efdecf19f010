package dev.agis.app.observability;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The alert rules pass {@code promtool check rules} and their unit tests ({@code promtool test rules}
 * on deploy/prometheus/tests), and the dashboards have the shape Grafana imports. Whether their
 * queries evaluate against real AGIS metrics is {@link DashboardsPrometheusIT}.
 */
class AlertRulesTest {

    private static void assumePromtool() {
        assumeTrue(Files.isExecutable(DeployFiles.PROMTOOL),
                "promtool not installed (Debian package 'prometheus'; .ci/install-test-tools installs it): alert rules not checked");
    }

    @Test
    void promtoolAcceptsTheRules() throws Exception {
        assumePromtool();
        DeployFiles.Result check = DeployFiles.run(List.of(DeployFiles.PROMTOOL.toString(), "check", "rules",
                DeployFiles.alertRules().toString()), DeployFiles.deploy());
        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(check.output()).contains("SUCCESS: " + DeployFiles.alertExpressions().size() + " rules found");
    }

    @Test
    void theRulesPassTheirUnitTests() throws Exception {
        assumePromtool();
        Path tests = DeployFiles.deploy().resolve("prometheus/tests");
        List<String> command = new java.util.ArrayList<>(List.of(DeployFiles.PROMTOOL.toString(), "test", "rules"));
        try (var files = Files.list(tests)) {
            files.filter(p -> p.toString().endsWith(".yml")).sorted().forEach(p -> command.add(p.getFileName().toString()));
        }
        assertThat(command).hasSizeGreaterThan(3);
        DeployFiles.Result result = DeployFiles.run(command, tests);
        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @Test
    void everyDashboardUsesTheDatasourceVariableAndUniquePanels() {
        assertThat(DeployFiles.dashboards()).extracting(p -> p.getFileName().toString()).contains(
                "agis-overview.json", "agis-revenue.json", "agis-scheduler.json", "agis-api.json", "agis-event-processors.json",
                "agis-ledger.json");
        Set<String> uids = new HashSet<>();
        for (Path file : DeployFiles.dashboards()) {
            JsonNode dashboard = DeployFiles.json(file);
            assertThat(uids.add(dashboard.path("uid").asText())).as("unique uid in " + file).isTrue();
            assertThat(dashboard.path("templating").path("list").get(0).path("name").asText()).isEqualTo("datasource");
            Set<Integer> ids = new HashSet<>();
            for (JsonNode panel : dashboard.path("panels")) {
                String where = file.getFileName() + " / " + panel.path("title").asText();
                assertThat(ids.add(panel.path("id").asInt())).as("unique panel id: " + where).isTrue();
                assertThat(panel.path("datasource").path("uid").asText()).as(where).isEqualTo("${datasource}");
                assertThat(panel.path("targets").size()).as(where).isPositive();
                for (JsonNode target : panel.path("targets")) {
                    assertThat(target.path("expr").asText()).as(where).isNotBlank();
                }
            }
        }
        // the predecessor's panels: overview 8, revenue 10 (one replaced, see deploy/grafana/README.md)
        assertThat(DeployFiles.json(DeployFiles.deploy().resolve("grafana/agis-overview.json")).path("panels").size()).isEqualTo(8);
        assertThat(DeployFiles.json(DeployFiles.deploy().resolve("grafana/agis-revenue.json")).path("panels").size()).isEqualTo(10);
    }
}
