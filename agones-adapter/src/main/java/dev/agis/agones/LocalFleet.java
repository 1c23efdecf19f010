package dev.agis.agones;

import dev.agis.domain.server.GameServerFleet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The fleet of the embedded default: no cluster, no processes; a game server is a loopback address
 * and a port from the configured range, allocated at once. Lets the whole flow (money, states,
 * timers, schedules) run on one machine. Its servers live in memory, so after a restart the
 * reconciliation finds them gone and marks the servers crashed (with a refund).
 */
public class LocalFleet implements GameServerFleet {

    private static final Logger log = LoggerFactory.getLogger(LocalFleet.class);

    private final String address;
    private final int firstPort;
    private final BitSet usedPorts;
    private final int size;
    private final Map<String, ManagedGameServer> servers = new ConcurrentHashMap<>();
    private final List<LostListener> listeners = new CopyOnWriteArrayList<>();

    public LocalFleet(String address, int firstPort, int lastPort) {
        if (firstPort < 1 || lastPort > 65535 || lastPort < firstPort) {
            throw new IllegalArgumentException("local fleet port range must be within 1..65535 and not empty");
        }
        this.address = address;
        this.firstPort = firstPort;
        this.size = lastPort - firstPort + 1;
        this.usedPorts = new BitSet(size);
        log.warn("Using the LOCAL fleet: no Kubernetes cluster is configured, game servers are simulated on {} ports {}-{}",
                address, firstPort, lastPort);
    }

    @Override
    public String kind() {
        return "local";
    }

    @Override
    public synchronized AllocationResult allocate(AllocationRequest request) {
        int slot = usedPorts.nextClearBit(0);
        if (slot >= size) {
            return AllocationResult.failure("local fleet has no free port left (" + size + " in use)");
        }
        usedPorts.set(slot);
        int port = firstPort + slot;
        String name = "local-" + UUID.randomUUID().toString().substring(0, 8);
        servers.put(name, new ManagedGameServer(name, request.serverId(), "Allocated", address, port));
        log.info("Local fleet allocated {} at {}:{} for {} (fleet {})", name, address, port, request.serverId(), request.fleet());
        return AllocationResult.success(name, address, port);
    }

    @Override
    public synchronized void release(String gameServerName) {
        ManagedGameServer gone = servers.remove(gameServerName);
        if (gone != null) {
            usedPorts.clear(gone.port() - firstPort);
            log.info("Local fleet released {} ({})", gameServerName, gone.serverId());
        }
    }

    @Override
    public List<ManagedGameServer> listManaged() {
        return new ArrayList<>(servers.values());
    }

    @Override
    public void onLost(LostListener listener) {
        listeners.add(listener);
    }

    /** Simulates a crash of a local game server (operators' drills, tests). */
    public void crash(String gameServerName) {
        ManagedGameServer gone = servers.get(gameServerName);
        release(gameServerName);
        if (gone != null && gone.serverId() != null) {
            listeners.forEach(l -> l.lost(gone.serverId(), gameServerName, "local game server crashed"));
        }
    }
}
