package dev.agis.app.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The files under {@code deploy/} the observability tests read: dashboards' queries and alert expressions. */
final class DeployFiles {

    static final Path PROMTOOL = Path.of("/usr/bin/promtool");
    static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");

    private DeployFiles() {
    }

    /** {@code deploy/} of this repository: Maven runs the tests in the module directory, IDEs often in the root. */
    static Path deploy() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("deploy/grafana")) && Files.isDirectory(dir.resolve("deploy/prometheus"))) {
                return dir.resolve("deploy");
            }
        }
        throw new IllegalStateException("no deploy/ directory above " + Path.of("").toAbsolutePath());
    }

    static Path alertRules() {
        return deploy().resolve("prometheus/agis-alerts.yml");
    }

    static List<Path> dashboards() {
        try (Stream<Path> files = Files.list(deploy().resolve("grafana"))) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(Path file) {
        try {
            return new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every panel query of every dashboard, keyed "dashboard file / panel title / refId". */
    static Map<String, String> panelQueries() {
        Map<String, String> queries = new LinkedHashMap<>();
        for (Path file : dashboards()) {
            for (JsonNode panel : json(file).path("panels")) {
                for (JsonNode target : panel.path("targets")) {
                    queries.put(file.getFileName() + " / " + panel.path("title").asText() + " / " + target.path("refId").asText(),
                            target.path("expr").asText());
                }
            }
        }
        return queries;
    }

    /** Every alert's expression, keyed by alert name. */
    @SuppressWarnings("unchecked")
    static Map<String, String> alertExpressions() {
        Map<String, String> alerts = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(alertRules())) {
            Map<String, Object> doc = new Yaml().load(in);
            for (Map<String, Object> group : (List<Map<String, Object>>) doc.get("groups")) {
                for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                    alerts.put((String) rule.get("alert"), ((String) rule.get("expr")).trim());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return alerts;
    }

    /** Grafana's variables as a dashboard would send them: a fixed rate window, no datasource in the query. */
    static String withGrafanaVariables(String expr) {
        return expr.replace("$__rate_interval", "1m").replace("$__interval", "1m").replace("$__range", "1h");
    }

    /** Runs a tool, bounded; returns its exit code and output. */
    static Result run(List<String> command, Path workingDir) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(new ArrayList<>(command)).directory(workingDir.toFile()).redirectErrorStream(true).start();
        boolean done = process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS);
        if (!done) {
            process.destroyForcibly();
        }
        String output = new String(process.getInputStream().readAllBytes());
        return new Result(done ? process.exitValue() : -1, output);
    }

    record Result(int exitCode, String output) {
    }
}
