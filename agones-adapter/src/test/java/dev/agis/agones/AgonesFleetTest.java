package dev.agis.agones;

import dev.agis.domain.server.GameServerFleet.AllocationRequest;
import dev.agis.domain.server.GameServerFleet.AllocationResult;
import dev.agis.domain.server.GameServerFleet.ManagedGameServer;
import dev.agis.domain.server.ServerCommands.ReportServerLost;
import dev.agis.domain.server.ServerId;
import dev.agis.domain.server.ServerQueries.ClaimedGameServer;
import dev.agis.domain.server.ServerQueries.ClaimedGameServers;
import dev.agis.domain.server.ServerQueries.FindClaimedGameServers;
import dev.agis.domain.server.ServerState;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** The Agones fleet against the fabric8 CRUD mock API server with a fake Agones allocator. */
class AgonesFleetTest {

    static final String NS = "agones-test";
    static final ServerId SERVER = ServerId.of("server:aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee");

    private FakeAgonesDispatcher agones;
    private KubernetesMockServer server;
    private KubernetesClient client;
    private AgonesFleet fleet;
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        agones = new FakeAgonesDispatcher();
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), agones, false);
        server.init();
        client = server.createClient();
        AgonesProperties props = new AgonesProperties(NS, "agis.dev", Map.of("agis-dev-fleet", "mc-fleet"),
                Duration.ofSeconds(10), Duration.ofMillis(500), Duration.ofSeconds(4), Duration.ofMinutes(10));
        fleet = new AgonesFleet(client, props, sleeps::add);
    }

    @AfterEach
    void stop() {
        fleet.close();
        client.close();
        server.destroy();
    }

    /** A Fleet member the (absent) Agones controller made Ready. */
    private void readyGameServer(String name, String fleetName, int port) {
        GenericKubernetesResource gs = new GenericKubernetesResourceBuilder()
                .withApiVersion("agones.dev/v1").withKind("GameServer")
                .withNewMetadata().withName(name).withNamespace(NS).addToLabels("agones.dev/fleet", fleetName).endMetadata()
                .addToAdditionalProperties("spec", Map.of("ports", List.of(Map.of("name", "default", "portPolicy", "Dynamic",
                        "containerPort", 25565))))
                .addToAdditionalProperties("status", Map.of("state", "Ready", "address", "10.1.2.3",
                        "ports", List.of(Map.of("name", "default", "port", port))))
                .build();
        client.genericKubernetesResources(AgonesFleet.GAME_SERVER).inNamespace(NS).resource(gs).create();
    }

    private GenericKubernetesResource gameServer(String name) {
        return client.genericKubernetesResources(AgonesFleet.GAME_SERVER).inNamespace(NS).withName(name).get();
    }

    private AllocationRequest request() {
        return new AllocationRequest(SERVER, SERVER.value() + "/alloc-1", "4242", "agis-dev-fleet", "minecraft", Map.of());
    }

    @Test
    void allocatesAReadyGameServerOfTheTemplatesFleetAndLabelsItThroughTheAllocation() {
        readyGameServer("mc-1", "mc-fleet", 7777);
        readyGameServer("other-1", "wtg-free-fleet", 7778);

        AllocationResult result = fleet.allocate(request());

        assertThat(result).isEqualTo(AllocationResult.success("mc-1", "10.1.2.3", 7777));
        GenericKubernetesResource gs = gameServer("mc-1");
        assertThat((String) gs.get("status", "state")).isEqualTo("Allocated");
        assertThat(gs.getMetadata().getLabels()).containsEntry("agis.dev/managed", "true")
                .containsEntry("agis.dev/server-id", SERVER.uuid()).containsEntry("agis.dev/owner", "4242")
                .containsEntry("agones.dev/fleet", "mc-fleet");
        assertThat(gs.getMetadata().getAnnotations()).containsEntry("agis.dev/allocation-id", SERVER.value() + "/alloc-1");
        assertThat((String) gameServer("other-1").get("status", "state")).isEqualTo("Ready");
        assertThat(fleet.listManaged()).containsExactly(new ManagedGameServer("mc-1", SERVER, "Allocated", "10.1.2.3", 7777));
        assertThat(sleeps).isEmpty();
    }

    @Test
    void noCapacityIsRetriedWithBackoffForABoundedTimeThenFails() {
        readyGameServer("other-1", "wtg-free-fleet", 7778);

        AllocationResult result = fleet.allocate(request());

        assertThat(result.allocated()).isFalse();
        assertThat(result.failureReason()).contains("no game server available in fleet mc-fleet", "UnAllocated");
        assertThat(sleeps).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofSeconds(4));
        assertThat(agones.allocationRequests.get()).isEqualTo(5);
        assertThat((String) gameServer("other-1").get("status", "state")).isEqualTo("Ready");
    }

    @Test
    void contentionIsRetriedUntilTheAllocatorSucceeds() {
        readyGameServer("mc-1", "mc-fleet", 7777);
        agones.contentions.set(2);

        AllocationResult result = fleet.allocate(request());

        assertThat(result.allocated()).isTrue();
        assertThat(sleeps).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1));
        assertThat(agones.allocationRequests.get()).isEqualTo(3);
    }

    @Test
    void theInformerReportsAnUnhealthyAndADeletedGameServer() {
        readyGameServer("mc-1", "mc-fleet", 7777);
        readyGameServer("mc-2", "mc-fleet", 7779);
        List<String> lost = new CopyOnWriteArrayList<>();
        fleet.onLost((id, name, reason) -> lost.add(id.uuid() + "|" + name + "|" + reason));
        fleet.start();
        fleet.allocate(request());
        AllocationResult second = fleet.allocate(new AllocationRequest(SERVER, SERVER.value() + "/alloc-2", "4242",
                "agis-dev-fleet", "minecraft", Map.of()));
        assertThat(second.gameServerName()).isEqualTo("mc-2");

        client.genericKubernetesResources(AgonesFleet.GAME_SERVER).inNamespace(NS).withName("mc-1")
                .edit(gs -> {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> status = (Map<String, Object>) gs.getAdditionalProperties().get("status");
                    status.put("state", "Unhealthy");
                    return gs;
                });
        fleet.release("mc-2");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(lost).contains(
                SERVER.uuid() + "|mc-1|GameServer is Unhealthy",
                SERVER.uuid() + "|mc-2|GameServer deleted"));
        assertThat(gameServer("mc-2")).isNull();
    }

    @Test
    void reconciliationReportsLostServersAndDeletesOrphansSeenTwice() {
        readyGameServer("mc-1", "mc-fleet", 7777);
        readyGameServer("mc-2", "mc-fleet", 7779);
        fleet.allocate(request());                      // mc-1: claimed by SERVER
        ServerId orphanOwner = ServerId.of("server:99999999-bbbb-cccc-dddd-eeeeeeeeeeee");
        fleet.allocate(new AllocationRequest(orphanOwner, orphanOwner.value() + "/alloc-1", "1", "agis-dev-fleet", "minecraft", Map.of()));
        ServerId lostServer = ServerId.of("server:77777777-bbbb-cccc-dddd-eeeeeeeeeeee");

        QueryGateway queries = mock(QueryGateway.class);
        when(queries.query(any(FindClaimedGameServers.class), eq(ClaimedGameServers.class)))
                .thenReturn(CompletableFuture.completedFuture(new ClaimedGameServers(List.of(
                        new ClaimedGameServer(SERVER, ServerState.RUNNING, "mc-1"),
                        new ClaimedGameServer(lostServer, ServerState.RUNNING, "mc-gone")))));
        CommandGateway commands = mock(CommandGateway.class);
        Reconciler reconciler = new Reconciler(fleet, commands, queries);

        Reconciler.Outcome first = reconciler.reconcile();
        assertThat(first.lostServers()).containsExactly(lostServer.value());
        assertThat(first.deletedGameServers()).isEmpty();      // an orphan gets one run of grace
        assertThat(gameServer("mc-2")).isNotNull();
        verify(commands).sendAndWait(new ReportServerLost(lostServer, "mc-gone", "lost by the fleet (reconciliation)"));

        Reconciler.Outcome second = reconciler.reconcile();
        assertThat(second.deletedGameServers()).containsExactly("mc-2");
        assertThat(gameServer("mc-2")).isNull();
        assertThat(gameServer("mc-1")).isNotNull();
        List<String> names = new ArrayList<>();
        fleet.listManaged().forEach(gs -> names.add(gs.gameServerName()));
        assertThat(names).containsExactly("mc-1");
    }
}
