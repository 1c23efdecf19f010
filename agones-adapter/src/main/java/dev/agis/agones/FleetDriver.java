package dev.agis.agones;

import dev.agis.domain.server.GameServerFleet;
import dev.agis.domain.server.GameServerFleet.AllocationRequest;
import dev.agis.domain.server.GameServerFleet.AllocationResult;
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
import jakarta.annotation.PostConstruct;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.Map;

/**
 * Connects the GameServer aggregate to the fleet: allocates on request/start/restart and reports
 * the result back as a command, releases the game server on stop/terminate/crash, and forwards
 * game servers the fleet loses by itself. Allocation ids make results idempotent: a late or
 * repeated result for an old allocation is refused by the aggregate and the game server released.
 */
@Component
@ProcessingGroup(FleetDriver.GROUP)
@DisallowReplay
public class FleetDriver {

    public static final String GROUP = "server-fleet";
    private static final Logger log = LoggerFactory.getLogger(FleetDriver.class);

    private final GameServerFleet fleet;
    private final CommandGateway commands;

    public FleetDriver(GameServerFleet fleet, CommandGateway commands) {
        this.fleet = fleet;
        this.commands = commands;
    }

    @PostConstruct
    void listen() {
        fleet.onLost((serverId, gameServerName, reason) ->
                commands.send(new ReportServerLost(serverId, gameServerName, reason)));
    }

    @EventHandler
    void on(ServerRequested e) {
        allocate(e.serverId(), e.allocationId(), e.owner().ownerId(), e.fleet(), e.templateId());
    }

    @EventHandler
    void on(ServerStartRequested e) {
        allocate(e.serverId(), e.allocationId(), e.owner().ownerId(), e.fleet(), e.templateId());
    }

    @EventHandler
    void on(ServerRestartRequested e) {
        if (e.previousGameServerName() != null) {
            fleet.release(e.previousGameServerName());
        }
        allocate(e.serverId(), e.allocationId(), e.owner().ownerId(), e.fleet(), e.templateId());
    }

    @EventHandler
    void on(ServerStopped e) {
        release(e.gameServerName());
    }

    @EventHandler
    void on(ServerTerminated e) {
        release(e.gameServerName());
    }

    @EventHandler
    void on(ServerCrashed e) {
        release(e.gameServerName());
    }

    private void release(String gameServerName) {
        if (gameServerName != null) {
            fleet.release(gameServerName);
        }
    }

    private void allocate(ServerId serverId, String allocationId, String ownerId, String fleetName, String templateId) {
        AllocationResult result;
        try {
            result = fleet.allocate(new AllocationRequest(serverId, allocationId, ownerId, fleetName, templateId, Map.of()));
        } catch (RuntimeException e) {
            log.warn("Allocation {} of {} failed", allocationId, serverId, e);
            result = AllocationResult.failure("fleet error: " + e.getMessage());
        }
        if (!result.allocated()) {
            commands.sendAndWait(new ReportAllocationFailed(serverId, allocationId, result.failureReason()));
            return;
        }
        Boolean accepted = commands.sendAndWait(new ConfirmAllocation(serverId, allocationId, result.gameServerName(),
                result.address(), result.port()));
        if (!Boolean.TRUE.equals(accepted)) {
            log.info("Allocation {} of {} is no longer wanted; releasing {}", allocationId, serverId, result.gameServerName());
            fleet.release(result.gameServerName());
        }
    }
}
