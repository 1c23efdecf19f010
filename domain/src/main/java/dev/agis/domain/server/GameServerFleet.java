package dev.agis.domain.server;

import java.util.List;
import java.util.Map;

/**
 * The port to whatever runs game servers: Agones in a cluster, or the local fleet of the
 * embedded default. Implementations are blocking and idempotent where noted.
 */
public interface GameServerFleet {

    /** A short name for logs and /actuator/info, e.g. {@code agones} or {@code local}. */
    String kind();

    /** Allocates one game server from {@code request.fleet()}; never throws for "no capacity". */
    AllocationResult allocate(AllocationRequest request);

    /** Deletes the game server; unknown names are ignored (idempotent). */
    void release(String gameServerName);

    /** Every game server carrying the AGIS labels, with the server id it was allocated for. */
    List<ManagedGameServer> listManaged();

    /** Where to send state changes the fleet notices by itself (crash, deletion). */
    default void onLost(LostListener listener) {
    }

    record AllocationRequest(ServerId serverId, String allocationId, String ownerId, String fleet, String templateId,
                             Map<String, String> extraAnnotations) {
    }

    /** Either allocated (name, address, port) or failed with a reason. */
    record AllocationResult(boolean allocated, String gameServerName, String address, int port, String failureReason) {
        public static AllocationResult success(String name, String address, int port) {
            return new AllocationResult(true, name, address, port, null);
        }

        public static AllocationResult failure(String reason) {
            return new AllocationResult(false, null, null, 0, reason);
        }
    }

    /** A game server the fleet runs; {@code serverId} is null when its label is missing or malformed. */
    record ManagedGameServer(String gameServerName, ServerId serverId, String state, String address, Integer port) {
    }

    @FunctionalInterface
    interface LostListener {
        void lost(ServerId serverId, String gameServerName, String reason);
    }
}
