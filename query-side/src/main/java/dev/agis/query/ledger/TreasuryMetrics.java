package dev.agis.query.ledger;

import dev.agis.domain.account.AccountKind;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Treasury totals (SPEC §4) from the {@code account_balance} read model: the GameCredits held in
 * player wallets and in guild treasuries, {@code agis_treasury_balance_credits{kind="user|guild"}},
 * and the part of them reserved by open holds, {@code agis_treasury_held_credits{kind}}. Equal on
 * every instance because they read the same database; like {@code ServerMetrics}, one snapshot
 * refreshed at most every few seconds whoever scrapes, so a scrape costs one small aggregate query.
 */
@Component
public class TreasuryMetrics {

    private static final Duration MAX_AGE = Duration.ofSeconds(5);

    private final JdbcClient jdbc;
    private final MeterRegistry meters;
    private volatile Instant refreshedAt = Instant.EPOCH;
    private volatile Map<AccountKind, Total> totals = Map.of();

    public TreasuryMetrics(JdbcClient jdbc, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.meters = meters;
    }

    @EventListener(ApplicationReadyEvent.class)
    void register() {
        for (AccountKind kind : AccountKind.values()) {
            String tag = kind.name().toLowerCase(Locale.ROOT);
            Gauge.builder("agis.treasury.balance", this, m -> m.refresh().total(kind).balance())
                    .description("GameCredits on all accounts of a kind (user wallets, guild treasuries)")
                    .baseUnit("credits").tag("kind", tag).register(meters);
            Gauge.builder("agis.treasury.held", this, m -> m.refresh().total(kind).held())
                    .description("GameCredits reserved by open holds on all accounts of a kind")
                    .baseUnit("credits").tag("kind", tag).register(meters);
        }
    }

    /** The sums over the accounts of one kind; zero while there is none. */
    private record Total(long balance, long held) {
    }

    private Total total(AccountKind kind) {
        return totals.getOrDefault(kind, new Total(0, 0));
    }

    synchronized TreasuryMetrics refresh() {
        if (Instant.now().isBefore(refreshedAt.plus(MAX_AGE))) {
            return this;
        }
        refreshedAt = Instant.now();
        try {
            Map<AccountKind, Total> fresh = new EnumMap<>(AccountKind.class);
            jdbc.sql("SELECT kind, sum(balance), sum(held) FROM account_balance GROUP BY kind")
                    .query(rs -> {
                        fresh.put(AccountKind.valueOf(rs.getString(1)), new Total(rs.getLong(2), rs.getLong(3)));
                    });
            totals = fresh;
        } catch (RuntimeException e) {
            // database unavailable: readiness reports it; the gauges keep their last values
        }
        return this;
    }
}
