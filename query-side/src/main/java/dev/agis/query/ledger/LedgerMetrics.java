package dev.agis.query.ledger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Treasury totals from the ledger read model, for the dashboards:
 * {@code agis_ledger_balance_credits{kind}}, {@code agis_ledger_held_credits{kind}} and
 * {@code agis_ledger_accounts{kind}} ({@code kind} = user or guild). One aggregate query serves all
 * six gauges and is reused for a while: scrapes from several Prometheus servers (or a 1 s test
 * scrape) must not each sum the whole table.
 */
@Component
public class LedgerMetrics {

    private static final Duration MAX_AGE = Duration.ofSeconds(15);
    private static final List<String> KINDS = List.of("user", "guild");

    private final JdbcClient jdbc;
    private final MeterRegistry meters;
    private volatile Instant refreshedAt = Instant.EPOCH;
    private volatile Map<String, long[]> totals = Map.of();

    public LedgerMetrics(JdbcClient jdbc, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.meters = meters;
    }

    @EventListener(ApplicationReadyEvent.class)
    void register() {
        for (String kind : KINDS) {
            Gauge.builder("agis.ledger.balance.credits", this, m -> m.refresh().total(kind, 0))
                    .description("Sum of account balances in GameCredits (treasury total for guilds)").tag("kind", kind).register(meters);
            Gauge.builder("agis.ledger.held.credits", this, m -> m.refresh().total(kind, 1))
                    .description("GameCredits held by open holds").tag("kind", kind).register(meters);
            Gauge.builder("agis.ledger.accounts", this, m -> m.refresh().total(kind, 2))
                    .description("Accounts with at least one movement").tag("kind", kind).register(meters);
        }
    }

    private double total(String kind, int column) {
        long[] row = totals.get(kind);
        return row == null ? 0 : row[column];
    }

    synchronized LedgerMetrics refresh() {
        if (Instant.now().isBefore(refreshedAt.plus(MAX_AGE))) {
            return this;
        }
        refreshedAt = Instant.now();
        try {
            Map<String, long[]> fresh = new HashMap<>();
            jdbc.sql("SELECT lower(kind), coalesce(sum(balance), 0), coalesce(sum(held), 0), count(*) FROM account_balance GROUP BY kind")
                    .query(rs -> {
                        fresh.put(rs.getString(1), new long[]{rs.getLong(2), rs.getLong(3), rs.getLong(4)});
                    });
            totals = fresh;
        } catch (RuntimeException e) {
            // database unavailable: readiness reports it; the gauges keep their last values
        }
        return this;
    }
}
