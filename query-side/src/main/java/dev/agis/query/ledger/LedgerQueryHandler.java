package dev.agis.query.ledger;

import dev.agis.domain.account.AccountId;
import dev.agis.domain.account.AccountQueries.AccountBalance;
import dev.agis.domain.account.AccountQueries.CreditsLeaderboard;
import dev.agis.domain.account.AccountQueries.FindAccountBalance;
import dev.agis.domain.account.AccountQueries.FindAccountMovements;
import dev.agis.domain.account.AccountQueries.FindCreditsLeaderboard;
import dev.agis.domain.account.AccountQueries.LeaderboardEntry;
import dev.agis.domain.account.AccountQueries.MovementEntry;
import dev.agis.domain.account.AccountQueries.MovementPage;
import dev.agis.domain.account.MovementKind;
import dev.agis.domain.account.MovementReason;
import dev.agis.domain.common.CommonError;
import dev.agis.domain.common.Credits;
import dev.agis.domain.common.DomainException;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.util.List;

/** Answers ledger queries from the read models of the "ledger" projection. */
@Component
public class LedgerQueryHandler {

    public static final int MAX_PAGE = 500;

    private final JdbcClient jdbc;

    public LedgerQueryHandler(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @QueryHandler
    public AccountBalance handle(FindAccountBalance q) {
        return jdbc.sql("SELECT balance, held, movements, updated_at FROM account_balance WHERE account_id = :id")
                .param("id", q.accountId().value())
                .query((rs, n) -> new AccountBalance(q.accountId(), Credits.of(rs.getLong(1)), Credits.of(rs.getLong(2)),
                        Credits.of(rs.getLong(1) - rs.getLong(2)), rs.getLong(3), rs.getTimestamp(4).toInstant()))
                .optional()
                .orElse(new AccountBalance(q.accountId(), Credits.ZERO, Credits.ZERO, Credits.ZERO, 0, null));
    }

    @QueryHandler
    public MovementPage handle(FindAccountMovements q) {
        int limit = checkLimit(q.limit());
        List<MovementEntry> rows = jdbc.sql("""
                        SELECT sequence_number, kind, reason, amount, balance_after, held_after, idempotency_key, actor, counterpart, occurred_at
                        FROM account_movement
                        WHERE account_id = :id AND sequence_number < :before
                          AND (CAST(:kind AS VARCHAR) IS NULL OR kind = :kind)
                          AND (CAST(:reason AS VARCHAR) IS NULL OR reason = :reason)
                          AND (CAST(:from AS TIMESTAMPTZ) IS NULL OR occurred_at >= :from)
                          AND (CAST(:to AS TIMESTAMPTZ) IS NULL OR occurred_at < :to)
                        ORDER BY sequence_number DESC
                        LIMIT :limit""")
                .param("id", q.accountId().value())
                .param("before", q.beforeSequence() == null ? Long.MAX_VALUE : q.beforeSequence())
                .param("kind", q.kind() == null ? null : q.kind().name())
                .param("reason", q.reason() == null ? null : q.reason().name())
                .param("from", q.from() == null ? null : Timestamp.from(q.from()))
                .param("to", q.to() == null ? null : Timestamp.from(q.to()))
                .param("limit", limit + 1)
                .query((rs, n) -> new MovementEntry(rs.getLong(1), MovementKind.valueOf(rs.getString(2)),
                        MovementReason.valueOf(rs.getString(3)), Credits.of(rs.getLong(4)), Credits.of(rs.getLong(5)),
                        Credits.of(rs.getLong(6)), rs.getString(7), rs.getString(8), rs.getString(9), rs.getTimestamp(10).toInstant()))
                .list();
        Long next = rows.size() > limit ? rows.get(limit - 1).sequence() : null;
        return new MovementPage(q.accountId(), rows.subList(0, Math.min(limit, rows.size())), next);
    }

    /**
     * Players by balance. Ranks are computed over the page only, which is exact: every player
     * with a higher balance sorts before the page's last row, so is on the page.
     */
    @QueryHandler
    public CreditsLeaderboard handle(FindCreditsLeaderboard q) {
        int limit = checkLimit(q.limit());
        return new CreditsLeaderboard(jdbc.sql("""
                        SELECT account_id, balance, rank() OVER (ORDER BY balance DESC) AS rank
                        FROM (SELECT account_id, balance FROM account_balance
                              WHERE kind = 'USER'
                              ORDER BY balance DESC, account_id
                              LIMIT :limit) top
                        ORDER BY balance DESC, account_id""")
                .param("limit", limit)
                .query((rs, n) -> new LeaderboardEntry(rs.getInt(3), AccountId.of(rs.getString(1)), Credits.of(rs.getLong(2))))
                .list());
    }

    private static int checkLimit(int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new DomainException(CommonError.INVALID_ARGUMENT, "limit must be between 1 and " + MAX_PAGE + ", was " + limit);
        }
        return limit;
    }
}
