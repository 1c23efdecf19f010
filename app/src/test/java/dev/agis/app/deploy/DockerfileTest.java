package dev.agis.app.deploy;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code deploy/Dockerfile} read as text. No Docker engine runs on the build machines, so the image is
 * never built here; these checks keep the file in step with the build (every module's POM, the jar's
 * name, Spring Boot's launcher) and with what the Helm chart expects of it (uid 10001, exec form).
 */
class DockerfileTest {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void theDependencyLayerCopiesEveryModulesPom() throws IOException {
        String dockerfile = Files.readString(ROOT.resolve("deploy/Dockerfile"));
        Matcher modules = Pattern.compile("<module>([^<]+)</module>").matcher(Files.readString(ROOT.resolve("pom.xml")));
        List<String> names = modules.results().map(m -> m.group(1)).toList();

        assertThat(names).isNotEmpty();
        for (String module : names) {
            assertThat(dockerfile).as("deploy/Dockerfile copies %s/pom.xml before the dependency download", module)
                    .containsPattern("(?m)^COPY " + Pattern.quote(module + "/pom.xml") + " " + Pattern.quote(module + "/") + "$");
        }
    }

    @Test
    void theImageRunsTheLayeredJarAsTheChartsNonRootUser() throws IOException {
        String dockerfile = Files.readString(ROOT.resolve("deploy/Dockerfile"));

        assertThat(dockerfile).contains("java -Djarmode=tools -jar app/target/agis.jar extract --layers --launcher");
        for (String layer : List.of("dependencies", "spring-boot-loader", "snapshot-dependencies", "application")) {
            assertThat(dockerfile).contains("COPY --from=build /layers/" + layer + "/ ./");
        }
        // the chart's podSecurityContext runs as this uid; a numeric USER lets runAsNonRoot verify it
        assertThat(dockerfile).containsPattern("(?m)^USER 10001:10001$");
        // exec form: java is PID 1 and receives SIGTERM for the graceful shutdown
        assertThat(dockerfile).containsPattern("(?m)^ENTRYPOINT \\[\"java\",");
        assertThat(dockerfile).contains("\"org.springframework.boot.loader.launch.JarLauncher\"]");
        assertThat(dockerfile).containsPattern("(?m)^HEALTHCHECK ");
    }

    @Test
    void theBuildContextLeavesOutBuildOutputAndLocalData() throws IOException {
        List<String> ignored = Files.readAllLines(ROOT.resolve(".dockerignore"));

        assertThat(ignored).contains("**/target/", "agis-data/", ".git/");
    }

    /** The chart's default image tag is its appVersion: the version this build makes. */
    @Test
    void theChartsAppVersionIsTheBuildsVersion() throws IOException {
        Matcher version = Pattern.compile("<artifactId>agis-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(ROOT.resolve("pom.xml")));
        assertThat(version.find()).isTrue();

        assertThat(Files.readString(ROOT.resolve("deploy/helm/agis/Chart.yaml")))
                .containsPattern("(?m)^appVersion: \"" + Pattern.quote(version.group(1)) + "\"$");
    }
}
