package dev.agis.agones;

import dev.agis.domain.server.GameServerFleet;
import dev.agis.domain.server.ServerId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The fleet of the embedded default: no cluster, no processes; a game server is a loopback address
 * and a port from the configured range, allocated at once. It lets the whole flow (money, states,
 * timers, schedules, reconciliation) run on one machine. Its game servers are rows in
 * {@code local_game_server}, so all instances share one fleet and a restart keeps it.
 */
public class LocalFleet implements GameServerFleet {

    private static final Logger log = LoggerFactory.getLogger(LocalFleet.class);

    private final JdbcClient jdbc;
    private final String address;
    private final int firstPort;
    private final int lastPort;
    private final List<LostListener> listeners = new CopyOnWriteArrayList<>();

    public LocalFleet(JdbcClient jdbc, String address, int firstPort, int lastPort) {
        if (firstPort < 1 || lastPort > 65535 || lastPort < firstPort) {
            throw new IllegalArgumentException("local fleet port range must be within 1..65535 and not empty");
        }
        this.jdbc = jdbc;
        this.address = address;
        this.firstPort = firstPort;
        this.lastPort = lastPort;
        log.warn("Using the LOCAL fleet: no Kubernetes cluster is configured; game servers are simulated on {} ports {}-{}",
                address, firstPort, lastPort);
    }

    @Override
    public String kind() {
        return "local";
    }

    @Override
    public AllocationResult allocate(AllocationRequest request) {
        for (int attempt = 0; attempt < 10; attempt++) {
            Integer port = jdbc.sql("""
                            SELECT p FROM generate_series(:first, :last) p
                            WHERE NOT EXISTS (SELECT 1 FROM local_game_server g WHERE g.port = p)
                            ORDER BY p LIMIT 1""")
                    .param("first", firstPort)
                    .param("last", lastPort)
                    .query(Integer.class)
                    .optional()
                    .orElse(null);
            if (port == null) {
                return AllocationResult.failure("local fleet has no free port left in " + firstPort + "-" + lastPort);
            }
            String name = "local-" + UUID.randomUUID().toString().substring(0, 13);
            try {
                jdbc.sql("INSERT INTO local_game_server (name, server_id, address, port, state) VALUES (:n, :s, :a, :p, 'Allocated')")
                        .param("n", name)
                        .param("s", request.serverId().value())
                        .param("a", address)
                        .param("p", port)
                        .update();
            } catch (DuplicateKeyException raced) {
                continue; // another allocation took this port a moment ago
            }
            log.info("Local fleet allocated {} at {}:{} for {} (fleet {})", name, address, port, request.serverId(), request.fleet());
            return AllocationResult.success(name, address, port);
        }
        return AllocationResult.failure("local fleet could not find a free port (contention)");
    }

    @Override
    public void release(String gameServerName) {
        if (jdbc.sql("DELETE FROM local_game_server WHERE name = :n").param("n", gameServerName).update() > 0) {
            log.info("Local fleet released {}", gameServerName);
        }
    }

    @Override
    public List<ManagedGameServer> listManaged() {
        return jdbc.sql("SELECT name, server_id, state, address, port FROM local_game_server ORDER BY name")
                .query((rs, n) -> new ManagedGameServer(rs.getString(1), serverId(rs.getString(2)), rs.getString(3),
                        rs.getString(4), rs.getInt(5)))
                .list();
    }

    @Override
    public void onLost(LostListener listener) {
        listeners.add(listener);
    }

    /** Simulates a crash of a local game server (operators' drills, tests): it disappears and is reported lost. */
    public void crash(String gameServerName) {
        List<ManagedGameServer> gone = listManaged().stream().filter(gs -> gs.gameServerName().equals(gameServerName)).toList();
        release(gameServerName);
        gone.stream().filter(gs -> gs.serverId() != null)
                .forEach(gs -> listeners.forEach(l -> l.lost(gs.serverId(), gameServerName, "local game server crashed")));
    }

    private static ServerId serverId(String value) {
        try {
            return value == null ? null : ServerId.of(value);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
