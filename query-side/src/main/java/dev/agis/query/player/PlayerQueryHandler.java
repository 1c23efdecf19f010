package dev.agis.query.player;

import dev.agis.domain.account.AccountId;
import dev.agis.domain.common.Credits;
import dev.agis.domain.player.PlayerQueries.FindPlayerAccount;
import dev.agis.domain.player.PlayerQueries.FindPlayerStats;
import dev.agis.domain.player.PlayerQueries.PlayerAccount;
import dev.agis.domain.player.PlayerQueries.PlayerStats;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;

/**
 * Answers questions about one player from the ledger, subscriptions, servers and conversions read
 * models, each in one statement so the figures are read from one snapshot.
 */
@Component
public class PlayerQueryHandler {

    private final JdbcClient jdbc;

    public PlayerQueryHandler(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @QueryHandler
    public PlayerAccount handle(FindPlayerAccount q) {
        AccountId account = AccountId.user(q.playerId());
        return jdbc.sql("""
                        SELECT coalesce(b.balance, 0), coalesce(b.held, 0), b.opened_at,
                               coalesce(s.tier, 'free'), coalesce(s.status, 'none'), s.period_end
                          FROM (SELECT 1) one
                          LEFT JOIN account_balance b ON b.account_id = :account
                          LEFT JOIN player_subscription s ON s.player_id = :player""")
                .param("account", account.value())
                .param("player", q.playerId().value())
                .query((rs, n) -> new PlayerAccount(q.playerId(), account, Credits.of(rs.getLong(1)), Credits.of(rs.getLong(2)),
                        Credits.of(rs.getLong(1) - rs.getLong(2)), rs.getString(4), rs.getString(5), instant(rs.getTimestamp(6)),
                        instant(rs.getTimestamp(3))))
                .single();
    }

    @QueryHandler
    public PlayerStats handle(FindPlayerStats q) {
        AccountId account = AccountId.user(q.playerId());
        return jdbc.sql("""
                        SELECT (SELECT coalesce(balance, 0) FROM account_balance WHERE account_id = :account),
                               (SELECT coalesce(sum(amount), 0) FROM account_movement
                                 WHERE account_id = :account AND kind = 'CREDIT'),
                               (SELECT coalesce(sum(amount), 0) FROM account_movement
                                 WHERE account_id = :account AND kind IN ('DEBIT', 'TRANSFER_OUT', 'CAPTURE')),
                               (SELECT count(*) FROM game_server WHERE owner_id = :account),
                               (SELECT count(*) FROM game_server WHERE owner_id = :account
                                   AND state IN ('REQUESTED', 'RUNNING', 'RESTARTING')),
                               (SELECT coalesce(sum(server_seconds), 0) FROM game_server WHERE owner_id = :account),
                               (SELECT count(*) FROM conversion_view WHERE player_id = :player),
                               (SELECT count(*) FROM conversion_view WHERE player_id = :player AND credited > 0)""")
                .param("account", account.value())
                .param("player", q.playerId().value())
                .query((rs, n) -> new PlayerStats(q.playerId(), Credits.of(rs.getLong(1)), Credits.of(rs.getLong(2)),
                        Credits.of(rs.getLong(3)), rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8)))
                .single();
    }

    private static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }
}
