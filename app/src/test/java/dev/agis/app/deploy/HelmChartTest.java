package dev.agis.app.deploy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The Helm chart {@code deploy/helm/agis}, linted and rendered by Helm itself (helm-java: Helm's Go
 * library through JNI, no binary), and the rendered manifests read back with fabric8's model
 * classes: what a cluster would receive, not what the templates look like.
 */
class HelmChartTest {

    /** Surefire runs app's tests in app/: the chart is beside it in the repository. */
    static final Path CHART = Path.of("..", "deploy", "helm", "agis").toAbsolutePath().normalize();

    static final String RELEASE = "agis";
    static final String NAMESPACE = "games";

    /** SPEC §4's secret variables: each one reaches the container from a Secret, never as a plain value. */
    static final List<String> SECRET_VARIABLES = List.of("DISCORD_TOKEN", "DB_PASSWORD", "AYET_API_KEY",
            "AYET_CALLBACK_TOKEN", "SENTRY_DSN", "AGIS_MASTER_KEY", "DISCORD_WEBHOOK_PAYMENTS", "DISCORD_WEBHOOK_ADS",
            "DISCORD_WEBHOOK_INFRA", "DISCORD_WEBHOOK_SECURITY", "DISCORD_WEBHOOK_PERFORMANCE",
            "DISCORD_WEBHOOK_REVENUE", "DISCORD_WEBHOOK_CRITICAL", "DISCORD_WEBHOOK_COMPLIANCE");

    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    @TempDir
    Path tmp;

    /**
     * helm lint of the chart as shipped, warnings counted as failures. Lint evaluates {@code required}
     * leniently (Helm's lint mode), so the missing database is the rendering tests' business.
     */
    @Test
    void lintPasses() {
        LintResult lint = new Helm(CHART).lint().strict().call();

        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
    }

    @Test
    void renderingWithoutADatabaseHostFailsWithAClearMessage() {
        assertThatThrownBy(() -> new Helm(CHART).template().withName(RELEASE).withNamespace(NAMESPACE).call())
                .hasMessageContaining("database.host is required: AGIS in Kubernetes needs an external PostgreSQL");
    }

    @Test
    void theDeploymentProbesTheActuatorAndRunsNonRootOnAReadOnlyRootFilesystem() {
        Deployment deployment = one(render(Map.of()), Deployment.class);
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        Container agis = pod.getContainers().get(0);

        assertThat(agis.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
        assertThat(agis.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/readiness");
        assertThat(agis.getStartupProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
        assertThat(agis.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("metrics");
        assertThat(agis.getPorts()).extracting(p -> p.getName() + ":" + p.getContainerPort())
                .containsExactly("http:8080", "metrics:9090");

        assertThat(agis.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(agis.getResources().getLimits()).containsKey("memory");

        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(10001L);
        assertThat(agis.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(agis.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(agis.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(agis.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(agis.getVolumeMounts()).anySatisfy(m -> {
            assertThat(m.getMountPath()).isEqualTo("/tmp");
            assertThat(pod.getVolumes()).anySatisfy(v -> {
                assertThat(v.getName()).isEqualTo(m.getName());
                assertThat(v.getEmptyDir()).isNotNull();
            });
        });

        assertThat(pod.getTerminationGracePeriodSeconds()).isGreaterThan(30L);
        assertThat(agis.getLifecycle().getPreStop().getExec().getCommand()).containsExactly("sleep", "5");
        assertThat(pod.getServiceAccountName()).isEqualTo(RELEASE);
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
    }

    @Test
    void theContainerUsesTheExternalDatabaseAndAgones() {
        Container agis = container(render(Map.of("database.port", "6432", "agones.namespace", "fleets")));

        assertThat(env(agis, "DB_HOST")).isEqualTo("postgres.example");
        assertThat(env(agis, "DB_PORT")).isEqualTo("6432");
        assertThat(env(agis, "DB_NAME")).isEqualTo("agis");
        assertThat(env(agis, "DB_USER")).isEqualTo("agis");
        assertThat(env(agis, "AGIS_FLEET_MODE")).isEqualTo("agones");
        assertThat(env(agis, "AGONES_NAMESPACE")).isEqualTo("fleets");
        // the Discord gateway's owner is the holder of a Lease in the pod's namespace, named by the pod
        assertThat(env(agis, "DISCORD_OWNERSHIP")).isEqualTo("lease");
        assertThat(envVar(agis, "POD_NAMESPACE").getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.namespace");
        assertThat(envVar(agis, "POD_NAME").getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name");
        assertThat(env(agis, "API_PORT")).isEqualTo("8080");
        assertThat(env(agis, "METRICS_PORT")).isEqualTo("9090");
        assertThat(env(agis, "SENTRY_ENVIRONMENT")).isEqualTo("production");
        assertThat(agis.getImage()).isEqualTo("agis:0.1.0-SNAPSHOT");
    }

    @Test
    void everySecretVariableComesFromTheChartsSecret() {
        List<HasMetadata> manifests = render(Map.of("secrets.values.DB_PASSWORD", "s3cret"));
        Container agis = container(manifests);
        Secret secret = one(manifests, Secret.class);

        assertThat(secret.getMetadata().getName()).isEqualTo(RELEASE);
        assertThat(secret.getData()).containsOnlyKeys(SECRET_VARIABLES);
        assertThat(secret.getData().get("DB_PASSWORD")).isEqualTo("czNjcmV0");
        for (String variable : SECRET_VARIABLES) {
            EnvVar var = envVar(agis, variable);
            assertThat(var.getValue()).as(variable).isNull();
            assertThat(var.getValueFrom().getSecretKeyRef().getName()).as(variable).isEqualTo(RELEASE);
            assertThat(var.getValueFrom().getSecretKeyRef().getKey()).as(variable).isEqualTo(variable);
        }
        // only the database password must exist; every other secret turns its feature off when absent
        assertThat(envVar(agis, "DB_PASSWORD").getValueFrom().getSecretKeyRef().getOptional()).isNull();
        assertThat(envVar(agis, "SENTRY_DSN").getValueFrom().getSecretKeyRef().getOptional()).isTrue();
    }

    @Test
    void anExternalSecretReplacesThePlainSecret() {
        List<HasMetadata> manifests = render(Map.of("externalSecret.enabled", "true",
                "externalSecret.secretStoreRef.name", "vault"));

        assertThat(all(manifests, Secret.class)).isEmpty();
        GenericKubernetesResource external = generic(manifests, "ExternalSecret");
        assertThat(external.getApiVersion()).isEqualTo("external-secrets.io/v1");
        assertThat(external.<String>get("spec", "secretStoreRef", "name")).isEqualTo("vault");
        assertThat(external.<String>get("spec", "target", "name")).isEqualTo(RELEASE);
        List<Map<String, Object>> data = external.get("spec", "data");
        assertThat(data).extracting(d -> d.get("secretKey")).containsExactlyInAnyOrderElementsOf(SECRET_VARIABLES);
        assertThat(data).allSatisfy(d -> assertThat(((Map<?, ?>) d.get("remoteRef")).get("property")).isEqualTo(d.get("secretKey")));
        assertThat(envVar(container(manifests), "AYET_API_KEY").getValueFrom().getSecretKeyRef().getName()).isEqualTo(RELEASE);
    }

    @Test
    void anExternalSecretNeedsItsStore() {
        assertThatThrownBy(() -> render(Map.of("externalSecret.enabled", "true")))
                .hasMessageContaining("externalSecret.secretStoreRef.name is required");
    }

    @Test
    void anExistingSecretIsUsedAsItIs() {
        List<HasMetadata> manifests = render(Map.of("secrets.existingSecret", "agis-prod"));

        assertThat(all(manifests, Secret.class)).isEmpty();
        assertThat(manifests).noneMatch(m -> m.getKind().equals("ExternalSecret"));
        assertThat(envVar(container(manifests), "DISCORD_TOKEN").getValueFrom().getSecretKeyRef().getName()).isEqualTo("agis-prod");
    }

    @Test
    void theServiceAccountMayDoExactlyWhatAgisDoesInTheCluster() {
        List<HasMetadata> manifests = render(Map.of("agones.namespace", "fleets"));

        Role agones = named(all(manifests, Role.class), RELEASE + "-agones");
        assertThat(agones.getMetadata().getNamespace()).isEqualTo("fleets");
        assertThat(agones.getRules()).extracting(HelmChartTest::describe).containsExactlyInAnyOrder(
                "allocation.agones.dev/gameserverallocations: create",
                "agones.dev/gameservers: get,list,watch,delete");

        Role leader = named(all(manifests, Role.class), RELEASE + "-leader-election");
        assertThat(leader.getMetadata().getNamespace()).isEqualTo(NAMESPACE);
        assertThat(leader.getRules()).extracting(HelmChartTest::describe).containsExactly(
                "coordination.k8s.io/leases: get,create,update");

        assertThat(all(manifests, RoleBinding.class)).hasSize(2).allSatisfy(binding -> {
            assertThat(binding.getRoleRef().getName()).isEqualTo(binding.getMetadata().getName());
            assertThat(binding.getSubjects()).singleElement().satisfies(s -> {
                assertThat(s.getKind()).isEqualTo("ServiceAccount");
                assertThat(s.getName()).isEqualTo(RELEASE);
                assertThat(s.getNamespace()).isEqualTo(NAMESPACE);
            });
        });
        assertThat(manifests).filteredOn(m -> m.getKind().equals("ServiceAccount")).singleElement()
                .satisfies(sa -> assertThat(sa.getMetadata().getName()).isEqualTo(RELEASE));
        assertThat(manifests).noneMatch(m -> m.getKind().startsWith("Cluster"));
    }

    @Test
    void theServiceExposesTheApiAndTheMetricsPort() {
        Service service = one(render(Map.of()), Service.class);

        assertThat(service.getSpec().getPorts()).extracting(ServicePort::getName, p -> p.getTargetPort().getStrVal())
                .containsExactly(tuple("http", "http"), tuple("metrics", "metrics"));
    }

    @Test
    void optionalResourcesFollowTheirToggles() {
        List<HasMetadata> defaults = render(Map.of());
        assertThat(defaults).noneMatch(m -> m.getKind().equals("ServiceMonitor"));
        assertThat(all(defaults, HorizontalPodAutoscaler.class)).isEmpty();
        assertThat(one(defaults, PodDisruptionBudget.class).getSpec().getMinAvailable().getIntVal()).isEqualTo(1);
        NetworkPolicy policy = one(defaults, NetworkPolicy.class);
        assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
        assertThat(policy.getSpec().getIngress()).extracting(r -> r.getPorts().get(0).getPort().getStrVal())
                .containsExactly("http", "metrics");

        List<HasMetadata> enabled = render(Map.of("serviceMonitor.enabled", "true", "autoscaling.enabled", "true",
                "podDisruptionBudget.enabled", "false", "networkPolicy.enabled", "false"));
        GenericKubernetesResource monitor = generic(enabled, "ServiceMonitor");
        List<Map<String, Object>> endpoints = monitor.get("spec", "endpoints");
        assertThat(endpoints).singleElement().satisfies(e -> {
            assertThat(e.get("port")).isEqualTo("metrics");
            assertThat(e.get("path")).isEqualTo("/actuator/prometheus");
        });
        HorizontalPodAutoscaler hpa = one(enabled, HorizontalPodAutoscaler.class);
        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(RELEASE);
        assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(2);
        // the autoscaler owns the replica count
        assertThat(one(enabled, Deployment.class).getSpec().getReplicas()).isNull();
        assertThat(all(enabled, PodDisruptionBudget.class)).isEmpty();
        assertThat(all(enabled, NetworkPolicy.class)).isEmpty();
    }

    @Test
    void noDashboardsNoConfigMap() throws IOException {
        // the chart may ship dashboards (deploy/grafana/ copied in); a copy without any is the empty case
        Path chart = copyOfChart();
        try (Stream<Path> files = Files.list(chart.resolve("dashboards"))) {
            for (Path json : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                Files.delete(json);
            }
        }

        assertThat(renderChart(chart, Map.of())).noneMatch(m -> m.getKind().equals("ConfigMap"));
    }

    @Test
    void everyDashboardFileBecomesAKeyOfTheDashboardsConfigMap() throws IOException {
        Path chart = copyOfChart();
        String json = "{\"title\": \"AGIS test\", \"panels\": []}";
        Files.writeString(chart.resolve("dashboards").resolve("agis-test.json"), json);

        ConfigMap dashboards = one(renderChart(chart, Map.of()), ConfigMap.class);
        assertThat(dashboards.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
        assertThat(dashboards.getData()).containsEntry("agis-test.json", json);

        assertThat(renderChart(chart, Map.of("dashboards.enabled", "false"))).noneMatch(m -> m.getKind().equals("ConfigMap"));
    }

    /**
     * Helm reads only files inside the chart, so the Grafana dashboards kept in {@code deploy/grafana/}
     * reach the ConfigMap only through symlinks in the chart's {@code dashboards/}: a dashboard
     * added or changed there and not here would silently be missing from the cluster.
     */
    @Test
    void theChartShipsEveryDashboardOfDeployGrafana() throws IOException {
        Path grafana = CHART.resolve("../../grafana").normalize();
        List<Path> dashboards = List.of();
        if (Files.isDirectory(grafana)) {
            try (Stream<Path> files = Files.walk(grafana)) {
                dashboards = files.filter(f -> f.toString().endsWith(".json")).toList();
            }
        }
        for (Path dashboard : dashboards) {
            String json = Files.readString(dashboard);
            if (!json.contains("\"panels\"")) {
                continue; // not a dashboard
            }
            Path inChart = CHART.resolve("dashboards").resolve(dashboard.getFileName().toString());
            assertThat(inChart).as("%s is not in the chart: symlink it into %s", dashboard, inChart.getParent()).exists();
            assertThat(Files.readString(inChart)).as("%s differs from %s: copy it again", inChart, dashboard).isEqualTo(json);
        }
    }

    // --- rendering

    /** The chart with a database host (required) and the given values on top. */
    static List<HasMetadata> render(Map<String, String> values) {
        return renderChart(CHART, values);
    }

    static List<HasMetadata> renderChart(Path chart, Map<String, String> values) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("database.host", "postgres.example");
        all.putAll(values);
        TemplateCommand template = new Helm(chart).template().withName(RELEASE).withNamespace(NAMESPACE);
        all.forEach(template::set);
        return parse(template.call());
    }

    /** helm template prints one document per manifest, separated by {@code ---}. */
    static List<HasMetadata> parse(String rendered) {
        List<HasMetadata> manifests = new ArrayList<>();
        for (String doc : rendered.split("(?m)^---\\s*$")) {
            boolean empty = Arrays.stream(doc.split("\n")).allMatch(l -> l.isBlank() || l.startsWith("#"));
            if (!empty) {
                manifests.add(SERIALIZATION.unmarshal(doc, HasMetadata.class));
            }
        }
        return manifests;
    }

    /** A copy of the chart to change (values, dashboards) without touching the repository's. */
    Path copyOfChart() throws IOException {
        Path copy = tmp.resolve("agis");
        try (Stream<Path> paths = Files.walk(CHART)) {
            for (Path source : paths.toList()) {
                Path target = copy.resolve(CHART.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return copy;
    }

    // --- reading the manifests

    static <T extends HasMetadata> List<T> all(List<HasMetadata> manifests, Class<T> type) {
        return manifests.stream().filter(type::isInstance).map(type::cast).toList();
    }

    static <T extends HasMetadata> T one(List<HasMetadata> manifests, Class<T> type) {
        List<T> found = all(manifests, type);
        assertThat(found).as(type.getSimpleName()).hasSize(1);
        return found.get(0);
    }

    static <T extends HasMetadata> T named(List<T> manifests, String name) {
        return manifests.stream().filter(m -> m.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " among " + manifests.stream().map(m -> m.getMetadata().getName()).toList()));
    }

    static GenericKubernetesResource generic(List<HasMetadata> manifests, String kind) {
        return manifests.stream().filter(m -> m.getKind().equals(kind)).map(GenericKubernetesResource.class::cast)
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind));
    }

    static Container container(List<HasMetadata> manifests) {
        return one(manifests, Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    static EnvVar envVar(Container container, String name) {
        List<EnvVar> found = container.getEnv().stream().filter(e -> e.getName().equals(name)).toList();
        assertThat(found).as("env " + name).hasSize(1);
        return found.get(0);
    }

    static String env(Container container, String name) {
        return envVar(container, name).getValue();
    }

    static String describe(PolicyRule rule) {
        return String.join(",", rule.getApiGroups()) + "/" + String.join(",", rule.getResources()) + ": "
                + String.join(",", rule.getVerbs());
    }
}
