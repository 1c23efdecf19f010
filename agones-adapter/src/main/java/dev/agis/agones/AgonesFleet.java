package dev.agis.agones;

import dev.agis.domain.server.GameServerFleet;
import dev.agis.domain.server.ServerId;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Game servers on Agones through the Kubernetes API (fabric8). Allocation is a
 * {@code GameServerAllocation} against the template's fleet; AGIS labels and annotations go into
 * the allocation's {@code metadata}, so Agones applies them atomically with the allocation.
 * "No server free" is a 201 with state {@code UnAllocated} and a cache race is {@code Contention}:
 * both are retried with exponential backoff for a bounded time, then reported as failed. One
 * shared informer on AGIS-labelled GameServers reports crashes (Unhealthy, Error, Shutdown) and
 * deletions. Stop and terminate delete the GameServer.
 */
public class AgonesFleet implements GameServerFleet, AutoCloseable {

    static final ResourceDefinitionContext GAME_SERVER_ALLOCATION = new ResourceDefinitionContext.Builder()
            .withGroup("allocation.agones.dev").withVersion("v1").withKind("GameServerAllocation")
            .withPlural("gameserverallocations").withNamespaced(true).build();
    static final ResourceDefinitionContext GAME_SERVER = new ResourceDefinitionContext.Builder()
            .withGroup("agones.dev").withVersion("v1").withKind("GameServer")
            .withPlural("gameservers").withNamespaced(true).build();
    static final Set<String> LOST_STATES = Set.of("Unhealthy", "Error", "Shutdown");

    private static final Logger log = LoggerFactory.getLogger(AgonesFleet.class);

    private final KubernetesClient client;
    private final AgonesProperties props;
    private final Sleeper sleeper;
    private final List<LostListener> listeners = new CopyOnWriteArrayList<>();
    private SharedIndexInformer<GenericKubernetesResource> informer;

    /** Waits between allocation retries; tests pass one that does not sleep. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    public AgonesFleet(KubernetesClient client, AgonesProperties props, Sleeper sleeper) {
        this.client = client;
        this.props = props;
        this.sleeper = sleeper;
    }

    @Override
    public String kind() {
        return "agones";
    }

    @Override
    public AllocationResult allocate(AllocationRequest request) {
        String fleet = props.fleetFor(request.fleet());
        Duration waited = Duration.ZERO;
        Duration backoff = props.initialBackoff();
        String lastState = null;
        int attempts = 0;
        while (true) {
            attempts++;
            try {
                GenericKubernetesResource answer = client.genericKubernetesResources(GAME_SERVER_ALLOCATION)
                        .inNamespace(props.namespace()).resource(allocation(request, fleet)).create();
                lastState = answer.get("status", "state");
                if ("Allocated".equals(lastState)) {
                    String name = answer.get("status", "gameServerName");
                    String address = answer.get("status", "address");
                    Number port = answer.get("status", "ports", 0, "port");
                    log.info("Allocated GameServer {} ({}:{}) from fleet {} for {}", name, address, port, fleet, request.serverId());
                    return AllocationResult.success(name, address, port == null ? 0 : port.intValue());
                }
            } catch (KubernetesClientException e) {
                if (e.getCode() >= 400 && e.getCode() < 500 && e.getCode() != 429) {
                    return AllocationResult.failure("allocation rejected by the cluster (HTTP " + e.getCode() + "): " + e.getMessage());
                }
                lastState = "HTTP " + e.getCode();
                log.warn("Allocation from fleet {} failed with {}, retrying", fleet, lastState);
            }
            if (waited.plus(backoff).compareTo(props.allocationTimeout()) > 0) {
                return AllocationResult.failure("no game server available in fleet " + fleet + " after " + attempts
                        + " attempts (last answer: " + lastState + ")");
            }
            try {
                sleeper.sleep(backoff);
                waited = waited.plus(backoff);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return AllocationResult.failure("allocation interrupted");
            }
            backoff = backoff.multipliedBy(2).compareTo(props.maxBackoff()) > 0 ? props.maxBackoff() : backoff.multipliedBy(2);
        }
    }

    GenericKubernetesResource allocation(AllocationRequest request, String fleet) {
        Map<String, Object> labels = new LinkedHashMap<>();
        labels.put(props.managedLabel(), "true");
        labels.put(props.serverIdLabel(), request.serverId().uuid());
        labels.put(props.ownerLabel(), request.ownerId());
        Map<String, Object> annotations = new LinkedHashMap<>(request.extraAnnotations());
        annotations.put(props.allocationAnnotation(), request.allocationId());
        annotations.put(props.labelPrefix() + "/template", request.templateId());
        return new GenericKubernetesResourceBuilder()
                .withApiVersion("allocation.agones.dev/v1")
                .withKind("GameServerAllocation")
                .withNewMetadata().withGenerateName("agis-").withNamespace(props.namespace()).endMetadata()
                .addToAdditionalProperties("spec", Map.of(
                        "selectors", List.of(Map.of("matchLabels", Map.of("agones.dev/fleet", fleet), "gameServerState", "Ready")),
                        "metadata", Map.of("labels", labels, "annotations", annotations)))
                .build();
    }

    @Override
    public void release(String gameServerName) {
        client.genericKubernetesResources(GAME_SERVER).inNamespace(props.namespace()).withName(gameServerName).delete();
        log.info("Deleted GameServer {}", gameServerName);
    }

    @Override
    public List<ManagedGameServer> listManaged() {
        return client.genericKubernetesResources(GAME_SERVER).inNamespace(props.namespace())
                .withLabel(props.managedLabel(), "true").list().getItems().stream()
                .map(this::managed)
                .toList();
    }

    @Override
    public void onLost(LostListener listener) {
        listeners.add(listener);
    }

    /** Starts the shared informer on AGIS-labelled GameServers. */
    public synchronized void start() {
        if (informer != null) {
            return;
        }
        informer = client.genericKubernetesResources(GAME_SERVER).inNamespace(props.namespace())
                .withLabel(props.managedLabel(), "true")
                .inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(GenericKubernetesResource gs) {
                        check(gs);
                    }

                    @Override
                    public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource gs) {
                        check(gs);
                    }

                    @Override
                    public void onDelete(GenericKubernetesResource gs, boolean finalStateUnknown) {
                        report(gs, "GameServer deleted");
                    }
                }, props.resync().toMillis());
        log.info("Watching AGIS GameServers in namespace {} (label {}=true)", props.namespace(), props.managedLabel());
    }

    private void check(GenericKubernetesResource gs) {
        ManagedGameServer m = managed(gs);
        if (m.state() != null && LOST_STATES.contains(m.state())) {
            report(gs, "GameServer is " + m.state());
        }
    }

    private void report(GenericKubernetesResource gs, String reason) {
        ManagedGameServer m = managed(gs);
        if (m.serverId() == null) {
            return;
        }
        for (LostListener l : listeners) {
            try {
                l.lost(m.serverId(), m.gameServerName(), reason);
            } catch (RuntimeException e) {
                log.warn("Could not report lost GameServer {}", m.gameServerName(), e);
            }
        }
    }

    private ManagedGameServer managed(GenericKubernetesResource gs) {
        Map<String, String> labels = gs.getMetadata().getLabels();
        String uuid = labels == null ? null : labels.get(props.serverIdLabel());
        ServerId serverId = null;
        if (uuid != null) {
            try {
                serverId = ServerId.of("server:" + uuid);
            } catch (RuntimeException e) {
                serverId = null; // a label someone else wrote; reconciliation treats it as an orphan
            }
        }
        String state = gs.get("status", "state");
        String address = gs.get("status", "address");
        Number port = gs.get("status", "ports", 0, "port");
        return new ManagedGameServer(gs.getMetadata().getName(), serverId, state, address, port == null ? null : port.intValue());
    }

    @Override
    public synchronized void close() {
        if (informer != null) {
            informer.close();
            informer = null;
        }
    }
}
