package dev.agis.query.server;

import dev.agis.domain.account.AccountId;
import dev.agis.domain.common.CommonError;
import dev.agis.domain.common.Credits;
import dev.agis.domain.common.DomainException;
import dev.agis.domain.server.ServerId;
import dev.agis.domain.server.ServerQueries.ClaimedGameServer;
import dev.agis.domain.server.ServerQueries.ClaimedGameServers;
import dev.agis.domain.server.ServerQueries.FindClaimedGameServers;
import dev.agis.domain.server.ServerQueries.FindServer;
import dev.agis.domain.server.ServerQueries.FindServerTemplates;
import dev.agis.domain.server.ServerQueries.FindServersByOwner;
import dev.agis.domain.server.ServerQueries.FindServersLeaderboard;
import dev.agis.domain.server.ServerQueries.FindShopPackages;
import dev.agis.domain.server.ServerQueries.ServerHoursEntry;
import dev.agis.domain.server.ServerQueries.ServerPage;
import dev.agis.domain.server.ServerQueries.ServerTemplates;
import dev.agis.domain.server.ServerQueries.ServerView;
import dev.agis.domain.server.ServerQueries.ServersLeaderboard;
import dev.agis.domain.server.ServerQueries.ShopPackages;
import dev.agis.domain.server.ServerState;
import dev.agis.domain.server.ServerTemplate;
import dev.agis.domain.server.ShopPackage;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/** Answers catalog and game-server queries from the catalog tables and the "servers" read model. */
@Component
public class ServerQueryHandler {

    public static final int MAX_PAGE = 100;

    private static final String SERVER_COLUMNS = """
            server_id, owner_id, template_id, game, name, state, address, port, game_server_name, period, paid_until,
            auto_renew, cost_per_hour, server_seconds, last_reason, created_at, updated_at, row_no""";

    private static final RowMapper<ServerView> SERVER = (rs, n) -> new ServerView(ServerId.of(rs.getString(1)),
            AccountId.of(rs.getString(2)), rs.getString(3), rs.getString(4), rs.getString(5), ServerState.valueOf(rs.getString(6)),
            rs.getString(7), (Integer) rs.getObject(8), rs.getString(9), rs.getInt(10), instant(rs.getTimestamp(11)),
            rs.getBoolean(12), rs.getLong(13), rs.getLong(14), rs.getString(15), instant(rs.getTimestamp(16)),
            instant(rs.getTimestamp(17)));

    private final JdbcClient jdbc;

    public ServerQueryHandler(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @QueryHandler
    public ServerTemplates handle(FindServerTemplates q) {
        return new ServerTemplates(jdbc.sql("""
                        SELECT id, game, name, size, tier, kind, fleet, cpu_request, memory_request, cpu_limit, memory_limit,
                               max_players, cost_per_hour, setup_cost, guild_only, grace_minutes, guild_discount_percent
                        FROM server_template ORDER BY sort_order, id""")
                .query((rs, n) -> new ServerTemplate(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10),
                        rs.getString(11), (Integer) rs.getObject(12), Credits.of(rs.getLong(13)), Credits.of(rs.getLong(14)),
                        rs.getBoolean(15), rs.getInt(16), rs.getInt(17)))
                .list());
    }

    @QueryHandler
    public ShopPackages handle(FindShopPackages q) {
        return new ShopPackages(jdbc.sql("SELECT id, price_usd, coins, bonus_coins FROM shop_package ORDER BY sort_order, id")
                .query((rs, n) -> new ShopPackage(rs.getString(1), rs.getBigDecimal(2), rs.getInt(3), rs.getInt(4),
                        (rs.getInt(3) + rs.getInt(4)) * 1000L))
                .list());
    }

    @QueryHandler
    public ServerView handle(FindServer q) {
        return jdbc.sql("SELECT " + SERVER_COLUMNS + " FROM game_server WHERE server_id = :id")
                .param("id", q.serverId().value())
                .query(SERVER)
                .optional()
                .orElse(null);
    }

    @QueryHandler
    public ServerPage handle(FindServersByOwner q) {
        if (q.limit() < 1 || q.limit() > MAX_PAGE) {
            throw new DomainException(CommonError.INVALID_ARGUMENT, "limit must be between 1 and " + MAX_PAGE + ", was " + q.limit());
        }
        record Row(ServerView view, long rowNo) {
        }
        List<Row> rows = jdbc.sql("SELECT " + SERVER_COLUMNS + """
                         FROM game_server
                        WHERE owner_id = :owner AND row_no < :cursor
                          AND (CAST(:game AS VARCHAR) IS NULL OR game = :game)
                          AND (CAST(:state AS VARCHAR) IS NULL OR state = :state)
                        ORDER BY row_no DESC
                        LIMIT :limit""")
                .param("owner", q.owner().value())
                .param("cursor", q.cursor() == null ? Long.MAX_VALUE : q.cursor())
                .param("game", q.game())
                .param("state", q.state() == null ? null : q.state().name())
                .param("limit", q.limit() + 1)
                .query((rs, n) -> new Row(SERVER.mapRow(rs, n), rs.getLong(18)))
                .list();
        Long next = rows.size() > q.limit() ? rows.get(q.limit() - 1).rowNo() : null;
        return new ServerPage(rows.stream().limit(q.limit()).map(Row::view).toList(), next);
    }

    @QueryHandler
    public ClaimedGameServers handle(FindClaimedGameServers q) {
        return new ClaimedGameServers(jdbc.sql("""
                        SELECT server_id, state, game_server_name FROM game_server
                        WHERE state IN ('REQUESTED', 'RUNNING', 'RESTARTING')""")
                .query((rs, n) -> new ClaimedGameServer(ServerId.of(rs.getString(1)), ServerState.valueOf(rs.getString(2)),
                        rs.getString(3)))
                .list());
    }

    /** Owners by running time, including the time of servers running right now. */
    @QueryHandler
    public ServersLeaderboard handle(FindServersLeaderboard q) {
        if (q.limit() < 1 || q.limit() > MAX_PAGE) {
            throw new DomainException(CommonError.INVALID_ARGUMENT, "limit must be between 1 and " + MAX_PAGE + ", was " + q.limit());
        }
        return new ServersLeaderboard(jdbc.sql("""
                        SELECT owner_id, seconds, servers, rank() OVER (ORDER BY seconds DESC) AS rank
                        FROM (SELECT owner_id,
                                     SUM(server_seconds + COALESCE(CAST(EXTRACT(EPOCH FROM (now() - running_since)) AS BIGINT), 0)) AS seconds,
                                     COUNT(*) AS servers
                              FROM game_server GROUP BY owner_id
                              ORDER BY seconds DESC, owner_id
                              LIMIT :limit) top
                        ORDER BY seconds DESC, owner_id""")
                .param("limit", q.limit())
                .query((rs, n) -> new ServerHoursEntry(rs.getInt(4), AccountId.of(rs.getString(1)),
                        Math.round(rs.getLong(2) / 36.0) / 100.0, rs.getInt(3)))
                .list());
    }

    private static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }
}
