package dev.agis.agones;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.Map;

/**
 * Agones settings ({@code agis.fleet.agones.*}). The Kubernetes connection itself comes from the
 * environment: the pod's service account in a cluster, otherwise {@code KUBECONFIG}/~/.kube/config.
 *
 * @param namespace        where the fleets live (env {@code AGONES_NAMESPACE})
 * @param labelPrefix      prefix of the labels AGIS puts on allocated GameServers
 * @param fleets           template fleet name → real fleet name, to rename fleets without a migration
 * @param allocationTimeout how long UnAllocated/Contention answers are retried before the allocation fails
 * @param initialBackoff   first wait between retries, doubled up to {@code maxBackoff}
 */
@ConfigurationProperties("agis.fleet.agones")
public record AgonesProperties(String namespace, String labelPrefix, Map<String, String> fleets,
                               Duration allocationTimeout, Duration initialBackoff, Duration maxBackoff,
                               Duration resync) {

    public AgonesProperties {
        namespace = namespace == null || namespace.isBlank() ? "agones-dev" : namespace;
        labelPrefix = labelPrefix == null || labelPrefix.isBlank() ? "agis.dev" : labelPrefix;
        fleets = fleets == null ? Map.of() : Map.copyOf(fleets);
        allocationTimeout = allocationTimeout == null ? Duration.ofSeconds(30) : allocationTimeout;
        initialBackoff = initialBackoff == null ? Duration.ofMillis(500) : initialBackoff;
        maxBackoff = maxBackoff == null ? Duration.ofSeconds(5) : maxBackoff;
        resync = resync == null ? Duration.ofMinutes(10) : resync;
    }

    public String managedLabel() {
        return labelPrefix + "/managed";
    }

    public String serverIdLabel() {
        return labelPrefix + "/server-id";
    }

    public String ownerLabel() {
        return labelPrefix + "/owner";
    }

    public String allocationAnnotation() {
        return labelPrefix + "/allocation-id";
    }

    public String fleetFor(String templateFleet) {
        return fleets.getOrDefault(templateFleet, templateFleet);
    }
}
