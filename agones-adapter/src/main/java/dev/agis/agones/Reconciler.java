package dev.agis.agones;

import dev.agis.domain.server.GameServerFleet;
import dev.agis.domain.server.GameServerFleet.ManagedGameServer;
import dev.agis.domain.server.ServerCommands.ReportServerLost;
import dev.agis.domain.server.ServerQueries.ClaimedGameServer;
import dev.agis.domain.server.ServerQueries.ClaimedGameServers;
import dev.agis.domain.server.ServerQueries.FindClaimedGameServers;
import dev.agis.domain.server.ServerState;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Compares what AGIS believes with what the fleet runs (SPEC §2.4), run periodically by a
 * db-scheduler recurring task (one instance at a time):
 * <ul>
 *   <li>a server AGIS thinks running whose GameServer is gone → {@code ReportServerLost}: the
 *       aggregate marks it crashed and billing refunds the unused time (the aggregate ignores the
 *       report if the server was stopped meanwhile, so a stale read model does no harm);</li>
 *   <li>an AGIS-labelled GameServer no server claims → deleted, but only when it was unclaimed in
 *       the previous run too, so a server allocated a moment ago is never taken for an orphan.</li>
 * </ul>
 */
@Component
public class Reconciler {

    private static final Logger log = LoggerFactory.getLogger(Reconciler.class);

    private final GameServerFleet fleet;
    private final CommandGateway commands;
    private final QueryGateway queries;
    private Set<String> orphansSeenBefore = Set.of();

    public Reconciler(GameServerFleet fleet, CommandGateway commands, QueryGateway queries) {
        this.fleet = fleet;
        this.commands = commands;
        this.queries = queries;
    }

    public record Outcome(List<String> lostServers, List<String> deletedGameServers) {
    }

    public synchronized Outcome reconcile() {
        List<ManagedGameServer> running = fleet.listManaged();
        List<ClaimedGameServer> claimed = queries.query(new FindClaimedGameServers(), ClaimedGameServers.class).join().servers();

        Set<String> onFleet = running.stream().filter(gs -> !AgonesFleet.LOST_STATES.contains(gs.state()))
                .map(ManagedGameServer::gameServerName).collect(Collectors.toSet());
        List<String> lost = claimed.stream()
                .filter(c -> c.state() == ServerState.RUNNING && c.gameServerName() != null && !onFleet.contains(c.gameServerName()))
                .map(c -> {
                    commands.sendAndWait(new ReportServerLost(c.serverId(), c.gameServerName(), "lost by the fleet (reconciliation)"));
                    return c.serverId().value();
                })
                .toList();

        Set<String> claimedNames = claimed.stream().map(ClaimedGameServer::gameServerName).filter(n -> n != null)
                .collect(Collectors.toSet());
        Set<String> allocating = claimed.stream().filter(c -> c.gameServerName() == null)
                .map(c -> c.serverId().value()).collect(Collectors.toSet());
        Set<String> orphans = new HashSet<>();
        for (ManagedGameServer gs : running) {
            boolean claimedByName = claimedNames.contains(gs.gameServerName());
            boolean beingAllocated = gs.serverId() != null && allocating.contains(gs.serverId().value());
            if (!claimedByName && !beingAllocated) {
                orphans.add(gs.gameServerName());
            }
        }
        List<String> deleted = orphans.stream().filter(orphansSeenBefore::contains).sorted().toList();
        deleted.forEach(fleet::release);
        orphansSeenBefore = orphans;
        if (!lost.isEmpty() || !deleted.isEmpty()) {
            log.warn("Reconciliation: {} server(s) lost by the fleet {}, {} orphan GameServer(s) deleted {}",
                    lost.size(), lost, deleted.size(), deleted);
        }
        return new Outcome(lost, deleted);
    }
}
