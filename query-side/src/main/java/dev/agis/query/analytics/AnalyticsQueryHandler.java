package dev.agis.query.analytics;

import dev.agis.domain.account.AccountId;
import dev.agis.domain.account.AccountKind;
import dev.agis.domain.analytics.AnalyticsQueries.ConversionBreakdown;
import dev.agis.domain.analytics.AnalyticsQueries.ConversionGroup;
import dev.agis.domain.analytics.AnalyticsQueries.EarnerEntry;
import dev.agis.domain.analytics.AnalyticsQueries.FindConversionBreakdown;
import dev.agis.domain.analytics.AnalyticsQueries.FindFraudRate;
import dev.agis.domain.analytics.AnalyticsQueries.FindRevenueByHour;
import dev.agis.domain.analytics.AnalyticsQueries.FindTopEarners;
import dev.agis.domain.analytics.AnalyticsQueries.FindTopTreasuries;
import dev.agis.domain.analytics.AnalyticsQueries.FindTreasurySummary;
import dev.agis.domain.analytics.AnalyticsQueries.FraudRate;
import dev.agis.domain.analytics.AnalyticsQueries.GroupKey;
import dev.agis.domain.analytics.AnalyticsQueries.HourlyRevenue;
import dev.agis.domain.analytics.AnalyticsQueries.KindTotal;
import dev.agis.domain.analytics.AnalyticsQueries.RevenueByHour;
import dev.agis.domain.analytics.AnalyticsQueries.TopEarners;
import dev.agis.domain.analytics.AnalyticsQueries.TopTreasuries;
import dev.agis.domain.analytics.AnalyticsQueries.TreasuryEntry;
import dev.agis.domain.analytics.AnalyticsQueries.TreasurySummary;
import dev.agis.domain.analytics.TimeRange;
import dev.agis.domain.common.Credits;
import dev.agis.domain.common.PlayerId;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The analysts' reports, read from the "ledger" ({@code account_balance}) and "conversions"
 * ({@code conversion_view}) read models. Lists continue strictly after the sort key of the last
 * row the caller has seen.
 */
@Component
public class AnalyticsQueryHandler {

    private final JdbcClient jdbc;
    private final Clock clock;

    public AnalyticsQueryHandler(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @QueryHandler
    public TreasurySummary handle(FindTreasurySummary q) {
        Map<AccountKind, KindTotal> totals = new EnumMap<>(AccountKind.class);
        for (AccountKind kind : AccountKind.values()) {
            totals.put(kind, new KindTotal(kind, 0, Credits.ZERO, Credits.ZERO));
        }
        jdbc.sql("SELECT kind, count(*), coalesce(sum(balance), 0), coalesce(sum(held), 0) FROM account_balance GROUP BY kind")
                .query((rs, n) -> new KindTotal(AccountKind.valueOf(rs.getString(1)), rs.getLong(2), Credits.of(rs.getLong(3)),
                        Credits.of(rs.getLong(4))))
                .list()
                .forEach(t -> totals.put(t.kind(), t));
        return new TreasurySummary(List.copyOf(totals.values()));
    }

    @QueryHandler
    public TopTreasuries handle(FindTopTreasuries q) {
        return new TopTreasuries(jdbc.sql("""
                        SELECT account_id, balance, held, movements,
                               1 + (SELECT count(*) FROM account_balance richer WHERE richer.kind = 'GUILD' AND richer.balance > a.balance)
                        FROM account_balance a
                        WHERE kind = 'GUILD'
                          AND (CAST(:afterBalance AS BIGINT) IS NULL
                               OR balance < :afterBalance OR (balance = :afterBalance AND account_id > :afterAccount))
                        ORDER BY balance DESC, account_id
                        LIMIT :limit""")
                .param("afterBalance", q.afterBalance())
                .param("afterAccount", q.afterAccount() == null ? null : q.afterAccount().value())
                .param("limit", q.limit())
                .query((rs, n) -> {
                    AccountId id = AccountId.of(rs.getString(1));
                    return new TreasuryEntry(rs.getLong(5), id, id.ownerId(), Credits.of(rs.getLong(2)), Credits.of(rs.getLong(3)),
                            rs.getLong(4));
                })
                .list());
    }

    @QueryHandler
    public ConversionBreakdown handle(FindConversionBreakdown q) {
        GroupKey after = q.after();
        // a reversal that arrived before its conversion has no recorded_at yet: it counts on its reversal's day
        return new ConversionBreakdown(range(jdbc.sql("""
                        SELECT day, provider, type, tier, status, conversions, credited, reversed FROM (
                            SELECT (coalesce(recorded_at, reversed_at) AT TIME ZONE 'UTC')::date AS day, provider,
                                   coalesce(type, 'unknown') AS type, coalesce(tier, 'unknown') AS tier, status,
                                   count(*) AS conversions, coalesce(sum(credited), 0) AS credited,
                                   coalesce(sum(reversed_amount), 0) AS reversed
                            FROM conversion_view
                            WHERE coalesce(recorded_at, reversed_at) >= :from AND coalesce(recorded_at, reversed_at) < :to
                            GROUP BY 1, 2, 3, 4, 5) g
                        WHERE CAST(:afterDay AS DATE) IS NULL
                           OR (day, provider, type, tier, status) > (CAST(:afterDay AS DATE), :afterProvider, :afterType, :afterTier, :afterStatus)
                        ORDER BY day, provider, type, tier, status
                        LIMIT :limit"""), q.range(), q.limit())
                .param("afterDay", after == null ? null : Date.valueOf(after.day()))
                .param("afterProvider", after == null ? null : after.provider())
                .param("afterType", after == null ? null : after.type())
                .param("afterTier", after == null ? null : after.tier())
                .param("afterStatus", after == null ? null : after.status())
                .query((rs, n) -> new ConversionGroup(new GroupKey(rs.getObject(1, LocalDate.class), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5)), rs.getLong(6), rs.getLong(7), rs.getLong(8)))
                .list());
    }

    @QueryHandler
    public RevenueByHour handle(FindRevenueByHour q) {
        return new RevenueByHour(range(jdbc.sql("""
                        SELECT hour, conversions, gross, net FROM (
                            SELECT date_trunc('hour', recorded_at AT TIME ZONE 'UTC') AS hour, count(*) AS conversions,
                                   coalesce(sum(payout_usd_amount), 0) AS gross,
                                   coalesce(sum(payout_usd_amount) FILTER (WHERE status <> 'reversed'), 0) AS net
                            FROM conversion_view
                            WHERE recorded_at >= :from AND recorded_at < :to
                            GROUP BY 1) h
                        WHERE CAST(:after AS TIMESTAMP) IS NULL OR hour > CAST(:after AS TIMESTAMP)
                        ORDER BY hour
                        LIMIT :limit"""), q.range(), q.limit())
                .param("after", q.after() == null ? null : LocalDateTime.ofInstant(q.after(), ZoneOffset.UTC))
                .query((rs, n) -> new HourlyRevenue(rs.getObject(1, LocalDateTime.class).toInstant(ZoneOffset.UTC), rs.getLong(2),
                        dollars(rs.getBigDecimal(3)), dollars(rs.getBigDecimal(4))))
                .list());
    }

    @QueryHandler
    public TopEarners handle(FindTopEarners q) {
        Instant end = q.end() == null ? clock.instant() : q.end();
        TimeRange window = TimeRange.ending(end, q.window().length());
        return new TopEarners(q.window(), window.from(), window.to(), range(jdbc.sql("""
                        SELECT player_id, earned, conversions, rank FROM (
                            SELECT player_id, sum(credited - reversed_amount) AS earned, count(*) AS conversions,
                                   rank() OVER (ORDER BY sum(credited - reversed_amount) DESC) AS rank
                            FROM conversion_view
                            WHERE recorded_at >= :from AND recorded_at < :to
                            GROUP BY player_id
                            HAVING sum(credited - reversed_amount) > 0) e
                        WHERE CAST(:afterEarned AS BIGINT) IS NULL
                           OR earned < :afterEarned OR (earned = :afterEarned AND player_id > :afterPlayer)
                        ORDER BY earned DESC, player_id
                        LIMIT :limit"""), window, q.limit())
                .param("afterEarned", q.afterEarned())
                .param("afterPlayer", q.afterPlayer() == null ? null : q.afterPlayer().value())
                .query((rs, n) -> new EarnerEntry(rs.getLong(4), PlayerId.of(rs.getString(1)), Credits.of(rs.getLong(2)), rs.getLong(3)))
                .list());
    }

    @QueryHandler
    public FraudRate handle(FindFraudRate q) {
        // a flagged conversion keeps its reasons whatever the review (or a later reversal) made of it
        return jdbc.sql("""
                        SELECT count(*),
                               count(*) FILTER (WHERE flag_reasons IS NOT NULL),
                               count(*) FILTER (WHERE status = 'flagged'),
                               count(*) FILTER (WHERE status = 'approved'),
                               count(*) FILTER (WHERE status = 'rejected')
                        FROM conversion_view
                        WHERE recorded_at >= :from AND recorded_at < :to""")
                .param("from", Timestamp.from(q.range().from()))
                .param("to", Timestamp.from(q.range().to()))
                .query((rs, n) -> {
                    long total = rs.getLong(1);
                    long flagged = rs.getLong(2);
                    long rejected = rs.getLong(5);
                    return new FraudRate(q.range().from(), q.range().to(), total, flagged, rs.getLong(3), rs.getLong(4), rejected,
                            share(flagged, total), share(rejected, total));
                })
                .single();
    }

    private static JdbcClient.StatementSpec range(JdbcClient.StatementSpec sql, TimeRange range, int limit) {
        return sql.param("from", Timestamp.from(range.from()))
                .param("to", Timestamp.from(range.to()))
                .param("limit", limit);
    }

    private static double share(long part, long total) {
        return total == 0 ? 0 : (double) part / total;
    }

    /** At least cents, and no zeros beyond the digits the networks sent. */
    private static BigDecimal dollars(BigDecimal amount) {
        BigDecimal stripped = amount.stripTrailingZeros();
        return stripped.scale() < 2 ? stripped.setScale(2) : stripped;
    }
}
