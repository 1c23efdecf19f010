package dev.agis.agones;

import dev.agis.domain.account.AccountId;
import dev.agis.domain.common.Actor;
import dev.agis.domain.common.Credits;
import dev.agis.domain.server.GameServerFleet;
import dev.agis.domain.server.ServerCommands.ConfirmAllocation;
import dev.agis.domain.server.ServerCommands.ReportAllocationFailed;
import dev.agis.domain.server.ServerCommands.ReportServerLost;
import dev.agis.domain.server.ServerEvents.ServerCrashed;
import dev.agis.domain.server.ServerEvents.ServerRequested;
import dev.agis.domain.server.ServerEvents.ServerRestartRequested;
import dev.agis.domain.server.ServerEvents.ServerStartRequested;
import dev.agis.domain.server.ServerEvents.ServerStopped;
import dev.agis.domain.server.ServerEvents.ServerTerminated;
import dev.agis.domain.server.ServerId;
import dev.agis.testkit.EventDelivery;
import dev.agis.testkit.RecordingCommandGateway;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The fleet driver alone: server events → calls on the fleet and the allocation's result reported
 * back to the GameServer aggregate as a command; a result the aggregate no longer wants releases
 * the game server; game servers the fleet loses by itself are reported.
 */
class FleetDriverTest {

    static final ServerId SERVER = ServerId.of("server:0b7f6a52-3c1d-4e8f-9a2b-5c6d7e8f9a0b");
    static final AccountId OWNER = AccountId.user("1001");
    static final Actor USER = Actor.user("1001");
    static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    static final String ALLOC_1 = SERVER.value() + "/alloc-1";
    static final String ALLOC_2 = SERVER.value() + "/alloc-2";

    final FakeFleet fleet = new FakeFleet();
    final RecordingCommandGateway commands = new RecordingCommandGateway();
    final FleetDriver driver = new FleetDriver(fleet, commands);

    static ServerRequested requested() {
        return new ServerRequested(SERVER, OWNER, "minecraft", "minecraft", "agis-dev-fleet", "mc", Credits.of(30), true,
                SERVER.value() + "/period-0", Credits.of(30), ALLOC_1, USER, NOW, 120);
    }

    static ServerStartRequested startRequested() {
        return new ServerStartRequested(SERVER, OWNER, "minecraft", "agis-dev-fleet", 2, SERVER.value() + "/period-2",
                Credits.of(30), ALLOC_2, USER, NOW);
    }

    static ServerRestartRequested restartRequested(String previousGameServerName) {
        return new ServerRestartRequested(SERVER, OWNER, "agis-dev-fleet", "minecraft", previousGameServerName, ALLOC_2, USER, NOW);
    }

    static GameServerFleet.AllocationRequest request(String allocationId) {
        return new GameServerFleet.AllocationRequest(SERVER, allocationId, "1001", "agis-dev-fleet", "minecraft", Map.of());
    }

    @Nested
    class Allocation {
        @Test
        void aRequestedServerIsAllocatedForItsOwnerAndConfirmed() {
            commands.answer(ConfirmAllocation.class, true);

            driver.on(requested());

            assertThat(fleet.requests).containsExactly(request(ALLOC_1));
            assertThat(commands.sent()).containsExactly(new ConfirmAllocation(SERVER, ALLOC_1, "gs-1", "10.0.0.1", 7001));
            assertThat(fleet.calls).containsExactly("allocate " + ALLOC_1);
        }

        @Test
        void aStartedServerIsAllocatedUnderItsNewAllocationId() {
            commands.answer(ConfirmAllocation.class, true);

            driver.on(startRequested());

            assertThat(fleet.requests).containsExactly(request(ALLOC_2));
            assertThat(commands.sent()).containsExactly(new ConfirmAllocation(SERVER, ALLOC_2, "gs-1", "10.0.0.1", 7001));
        }

        @Test
        void aRestartReleasesTheOldGameServerBeforeAllocatingTheNewOne() {
            commands.answer(ConfirmAllocation.class, true);

            driver.on(restartRequested("gs-0"));

            assertThat(fleet.calls).containsExactly("release gs-0", "allocate " + ALLOC_2);
            assertThat(fleet.requests).containsExactly(request(ALLOC_2));
            assertThat(commands.sent()).containsExactly(new ConfirmAllocation(SERVER, ALLOC_2, "gs-1", "10.0.0.1", 7001));
        }

        @Test
        void aRestartWithoutAGameServerOnlyAllocates() {
            commands.answer(ConfirmAllocation.class, true);

            driver.on(restartRequested(null));

            assertThat(fleet.calls).containsExactly("allocate " + ALLOC_2);
        }

        @Test
        void noCapacityIsReportedWithTheFleetsReason() {
            fleet.answer = GameServerFleet.AllocationResult.failure("no Ready game server in agis-dev-fleet");

            driver.on(requested());

            assertThat(commands.sent()).containsExactly(
                    new ReportAllocationFailed(SERVER, ALLOC_1, "no Ready game server in agis-dev-fleet"));
        }

        @Test
        void aFleetThatThrowsIsReportedAsAFailedAllocationInsteadOfRetryingForever() {
            fleet.failure = new IllegalStateException("api server unreachable");

            driver.on(requested());

            assertThat(commands.sent()).containsExactly(
                    new ReportAllocationFailed(SERVER, ALLOC_1, "fleet error: api server unreachable"));
        }

        @Test
        void aResultTheServerNoLongerWantsIsReleased() {
            // the server was stopped or restarted while the fleet allocated: the aggregate answers false
            commands.answer(ConfirmAllocation.class, false);

            driver.on(requested());

            assertThat(fleet.calls).containsExactly("allocate " + ALLOC_1, "release gs-1");
        }

        @Test
        void aFailedConfirmationIsRethrownAndTheGameServerKept() {
            // it may have been applied (a timeout): releasing could take a running server away;
            // reconciliation deletes the game server if nobody claims it
            RuntimeException databaseDown = new RuntimeException("connection refused");
            commands.fail(ConfirmAllocation.class, databaseDown);

            assertThatThrownBy(() -> driver.on(requested())).isSameAs(databaseDown);
            assertThat(fleet.calls).containsExactly("allocate " + ALLOC_1);
        }

        @Test
        void aFailedFailureReportIsRethrownSoTheProcessorRetriesTheEvent() {
            fleet.answer = GameServerFleet.AllocationResult.failure("no capacity");
            RuntimeException databaseDown = new RuntimeException("connection refused");
            commands.fail(ReportAllocationFailed.class, databaseDown);

            assertThatThrownBy(() -> driver.on(requested())).isSameAs(databaseDown);
        }
    }

    @Nested
    class Release {
        @Test
        void aStoppedTerminatedOrCrashedServerReleasesItsGameServer() {
            driver.on(new ServerStopped(SERVER, OWNER, "gs-1", "stopped by owner", USER, NOW));
            driver.on(new ServerTerminated(SERVER, OWNER, "gs-2", USER, NOW));
            driver.on(new ServerCrashed(SERVER, OWNER, "gs-3", 3, Credits.of(25), "lost by the fleet", NOW));

            assertThat(fleet.calls).containsExactly("release gs-1", "release gs-2", "release gs-3");
            assertThat(commands.sent()).isEmpty();
        }

        @Test
        void aServerWithoutAGameServerReleasesNothing() {
            driver.on(new ServerStopped(SERVER, OWNER, null, "stopped by owner", USER, NOW));
            driver.on(new ServerTerminated(SERVER, OWNER, null, USER, NOW));
            driver.on(new ServerCrashed(SERVER, OWNER, null, 3, Credits.ZERO, "restart failed", NOW));

            assertThat(fleet.calls).isEmpty();
        }
    }

    @Test
    void aGameServerTheFleetLosesIsReportedLost() {
        driver.listen();

        fleet.lose(SERVER, "gs-1", "GameServer deleted");

        assertThat(commands.sent()).containsExactly(new ReportServerLost(SERVER, "gs-1", "GameServer deleted"));
    }

    @Test
    void aProcessorDeliversEveryServerEventButAReplayNeverTouchesTheFleet() throws Exception {
        commands.answer(ConfirmAllocation.class, true);
        List<Object> events = List.of(requested(), startRequested(), restartRequested("gs-0"),
                new ServerStopped(SERVER, OWNER, "gs-1", "stopped by owner", USER, NOW),
                new ServerTerminated(SERVER, OWNER, "gs-2", USER, NOW),
                new ServerCrashed(SERVER, OWNER, "gs-3", 3, Credits.of(25), "lost by the fleet", NOW));

        for (Object event : events) {
            EventDelivery.replay(driver, event);
        }
        assertThat(fleet.calls).isEmpty();
        assertThat(commands.sent()).isEmpty();

        for (Object event : events) {
            EventDelivery.live(driver, event);
        }
        assertThat(fleet.calls).containsExactly("allocate " + ALLOC_1, "allocate " + ALLOC_2, "release gs-0",
                "allocate " + ALLOC_2, "release gs-1", "release gs-2", "release gs-3");
        assertThat(commands.sent()).extracting(Object::getClass)
                .containsExactly(ConfirmAllocation.class, ConfirmAllocation.class, ConfirmAllocation.class);
    }

    /** A fleet in memory: records what it was asked, in order, and answers one given result or failure. */
    static final class FakeFleet implements GameServerFleet {
        final List<String> calls = new ArrayList<>();
        final List<AllocationRequest> requests = new ArrayList<>();
        final List<LostListener> listeners = new ArrayList<>();
        AllocationResult answer = AllocationResult.success("gs-1", "10.0.0.1", 7001);
        RuntimeException failure;

        @Override
        public String kind() {
            return "fake";
        }

        @Override
        public AllocationResult allocate(AllocationRequest request) {
            calls.add("allocate " + request.allocationId());
            requests.add(request);
            if (failure != null) {
                throw failure;
            }
            return answer;
        }

        @Override
        public void release(String gameServerName) {
            calls.add("release " + gameServerName);
        }

        @Override
        public List<ManagedGameServer> listManaged() {
            return List.of();
        }

        @Override
        public void onLost(LostListener listener) {
            listeners.add(listener);
        }

        void lose(ServerId serverId, String gameServerName, String reason) {
            listeners.forEach(l -> l.lost(serverId, gameServerName, reason));
        }
    }
}
