package dev.agis.projections.server;

import dev.agis.domain.server.ServerEvents.ServerAllocationFailed;
import dev.agis.domain.server.ServerEvents.ServerAutoRenewChanged;
import dev.agis.domain.server.ServerEvents.ServerCrashed;
import dev.agis.domain.server.ServerEvents.ServerFundsLow;
import dev.agis.domain.server.ServerEvents.ServerPaymentMissed;
import dev.agis.domain.server.ServerEvents.ServerRenewed;
import dev.agis.domain.server.ServerEvents.ServerRequested;
import dev.agis.domain.server.ServerEvents.ServerRestartRequested;
import dev.agis.domain.server.ServerEvents.ServerStartRequested;
import dev.agis.domain.server.ServerEvents.ServerStarted;
import dev.agis.domain.server.ServerEvents.ServerStopped;
import dev.agis.domain.server.ServerEvents.ServerTerminated;
import dev.agis.domain.server.ServerId;
import dev.agis.domain.server.ServerState;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;

/**
 * One row per game server. Idempotent: every update only applies to a row whose last applied
 * aggregate sequence is older, so redelivered or replayed events change nothing. Running time
 * (for the leaderboard) is summed when a server goes down.
 */
@Component
@ProcessingGroup(ServerProjection.GROUP)
public class ServerProjection {

    public static final String GROUP = "servers";

    private final JdbcClient jdbc;

    public ServerProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(ServerRequested e, @SequenceNumber long seq) {
        jdbc.sql("""
                        INSERT INTO game_server (server_id, owner_id, template_id, game, name, state, period, auto_renew,
                                                 cost_per_hour, last_sequence, created_at, updated_at)
                        VALUES (:id, :owner, :template, :game, :name, 'REQUESTED', 0, :autoRenew, :cost, :seq, :at, :at)
                        ON CONFLICT (server_id) DO NOTHING""")
                .param("id", e.serverId().value())
                .param("owner", e.owner().value())
                .param("template", e.templateId())
                .param("game", e.game())
                .param("name", e.name())
                .param("autoRenew", e.autoRenew())
                .param("cost", e.costPerHour().value())
                .param("seq", seq)
                .param("at", ts(e.occurredAt()))
                .update();
    }

    @EventHandler
    void on(ServerStartRequested e, @SequenceNumber long seq) {
        update(e.serverId(), seq, e.occurredAt(), "state = 'REQUESTED', period = :period, last_reason = NULL", "period", e.period());
    }

    @EventHandler
    void on(ServerStarted e, @SequenceNumber long seq) {
        jdbc.sql("""
                        UPDATE game_server SET state = 'RUNNING', address = :address, port = :port, game_server_name = :gs,
                               period = :period, paid_until = :paidUntil, running_since = COALESCE(running_since, :at),
                               last_sequence = :seq, updated_at = :at
                        WHERE server_id = :id AND last_sequence < :seq""")
                .param("id", e.serverId().value())
                .param("address", e.address())
                .param("port", e.port())
                .param("gs", e.gameServerName())
                .param("period", e.period())
                .param("paidUntil", ts(e.paidUntil()))
                .param("seq", seq)
                .param("at", ts(e.occurredAt()))
                .update();
    }

    @EventHandler
    void on(ServerAllocationFailed e, @SequenceNumber long seq) {
        update(e.serverId(), seq, e.occurredAt(), "state = :state, last_reason = :reason",
                "state", e.stateAfter().name(), "reason", trim(e.reason()));
    }

    @EventHandler
    void on(ServerRestartRequested e, @SequenceNumber long seq) {
        update(e.serverId(), seq, e.occurredAt(), "state = 'RESTARTING', address = NULL, port = NULL, game_server_name = NULL");
    }

    @EventHandler
    void on(ServerStopped e, @SequenceNumber long seq) {
        down(e.serverId(), seq, e.occurredAt(), ServerState.STOPPED, e.reason());
    }

    @EventHandler
    void on(ServerTerminated e, @SequenceNumber long seq) {
        down(e.serverId(), seq, e.occurredAt(), ServerState.TERMINATED, "terminated by " + e.actor());
    }

    @EventHandler
    void on(ServerCrashed e, @SequenceNumber long seq) {
        down(e.serverId(), seq, e.occurredAt(), ServerState.CRASHED, e.reason() + " (refunded " + e.refund() + ")");
    }

    @EventHandler
    void on(ServerRenewed e, @SequenceNumber long seq) {
        update(e.serverId(), seq, e.occurredAt(), "period = :period, paid_until = :paidUntil, last_reason = NULL",
                "period", e.period(), "paidUntil", ts(e.paidUntil()));
    }

    @EventHandler
    void on(ServerFundsLow e, @SequenceNumber long seq) {
        update(e.serverId(), seq, e.occurredAt(), "last_reason = :reason",
                "reason", "funds low: the server stops at " + e.stopsAt() + " unless the wallet is topped up");
    }

    @EventHandler
    void on(ServerPaymentMissed e, @SequenceNumber long seq) {
        update(e.serverId(), seq, e.occurredAt(), "last_reason = :reason",
                "reason", "payment overdue: period " + e.period() + " (" + e.amount() + ") is unpaid; the server stops at "
                        + e.stopsAt() + " unless the account can pay it then");
    }

    @EventHandler
    void on(ServerAutoRenewChanged e, @SequenceNumber long seq) {
        update(e.serverId(), seq, e.occurredAt(), "auto_renew = :autoRenew", "autoRenew", e.autoRenew());
    }

    /** A replay starts from an empty table. */
    @ResetHandler
    void reset() {
        jdbc.sql("TRUNCATE game_server").update();
    }

    private void down(ServerId id, long seq, Instant at, ServerState state, String reason) {
        update(id, seq, at, """
                        state = :state, address = NULL, port = NULL, game_server_name = NULL, last_reason = :reason,
                        server_seconds = server_seconds + COALESCE(CAST(EXTRACT(EPOCH FROM (:at - running_since)) AS BIGINT), 0),
                        running_since = NULL""",
                "state", state.name(), "reason", trim(reason));
    }

    private void update(ServerId id, long seq, Instant at, String set, Object... params) {
        JdbcClient.StatementSpec spec = jdbc.sql("UPDATE game_server SET " + set
                        + ", last_sequence = :seq, updated_at = :at WHERE server_id = :id AND last_sequence < :seq")
                .param("id", id.value())
                .param("seq", seq)
                .param("at", ts(at));
        for (int i = 0; i < params.length; i += 2) {
            spec = spec.param((String) params[i], params[i + 1]);
        }
        spec.update();
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static String trim(String s) {
        return s == null ? null : s.length() > 500 ? s.substring(0, 500) : s;
    }
}
