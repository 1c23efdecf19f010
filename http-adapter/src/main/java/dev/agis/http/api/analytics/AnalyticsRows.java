package dev.agis.http.api.analytics;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.agis.domain.analytics.AnalyticsQueries.ConversionGroup;
import dev.agis.domain.analytics.AnalyticsQueries.EarnerEntry;
import dev.agis.domain.analytics.AnalyticsQueries.HourlyRevenue;
import dev.agis.domain.analytics.AnalyticsQueries.KindTotal;
import dev.agis.domain.analytics.AnalyticsQueries.TopEarners;
import dev.agis.domain.analytics.AnalyticsQueries.TreasuryEntry;
import dev.agis.domain.experiment.ExperimentQueries.Comparison;
import dev.agis.domain.experiment.ExperimentQueries.ExperimentResults;
import dev.agis.http.support.CsvTable;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The rows of the analytics reports as the API shows them: flat records of plain values, so the
 * JSON items and the CSV columns are the same fields in the same order.
 */
public final class AnalyticsRows {

    private AnalyticsRows() {
    }

    public record TreasuryTotalRow(String kind, long accounts, long balance, long held) {
        static TreasuryTotalRow of(KindTotal t) {
            return new TreasuryTotalRow(t.kind().name(), t.accounts(), t.balance().value(), t.held().value());
        }
    }

    public record TreasuryRow(long rank, String accountId, String guildId, long balance, long held, long movements) {
        static TreasuryRow of(TreasuryEntry t) {
            return new TreasuryRow(t.rank(), t.accountId().value(), t.guildId(), t.balance().value(), t.held().value(), t.movements());
        }
    }

    public record ConversionRow(LocalDate day, String provider, String type, String tier, String status, long conversions,
                         long rewardCredited, long reversed) {
        static ConversionRow of(ConversionGroup g) {
            return new ConversionRow(g.key().day(), g.key().provider(), g.key().type(), g.key().tier(), g.key().status(),
                    g.conversions(), g.rewardCredited(), g.reversed());
        }
    }

    public record RevenueRow(Instant hour, long conversions, BigDecimal grossPayoutUsd, BigDecimal netPayoutUsd) {
        static RevenueRow of(HourlyRevenue h) {
            return new RevenueRow(h.hour(), h.conversions(), h.grossPayoutUsd(), h.netPayoutUsd());
        }
    }

    /** {@code from}/{@code to}: the window ranked, the same on every page. */
    public record EarnerRow(long rank, String playerId, long earned, long conversions, Instant from, Instant to) {
        static EarnerRow of(EarnerEntry e, TopEarners top) {
            return new EarnerRow(e.rank(), e.playerId().value(), e.earned().value(), e.conversions(), top.from(), top.to());
        }
    }

    /** An experiment's results: as JSON the query's answer unchanged, as CSV one {@link VariantRow} per variant. */
    public record ExperimentResultsTable(@JsonValue ExperimentResults results) implements CsvTable {
        @Override
        public Class<?> csvRowType() {
            return VariantRow.class;
        }

        @Override
        public List<?> csvRows() {
            return VariantRow.of(results);
        }
    }

    /** One variant of an experiment's results; the comparisons with the control are empty for the control itself. */
    public record VariantRow(String experiment, String variant, boolean control, int weight, long players, long converters,
                      long conversions, double conversionRate, long gcTotal, double gcPerPlayer, Double conversionLift,
                      Double conversionPValue, boolean conversionSignificant, Double gcPerPlayerLift, Double gcPerPlayerPValue,
                      boolean gcPerPlayerSignificant) {
        static List<VariantRow> of(ExperimentResults results) {
            return results.variants().stream().map(v -> {
                Comparison rate = v.conversionVsControl();
                Comparison gc = v.gcPerPlayerVsControl();
                return new VariantRow(results.key().value(), v.name(), v.control(), v.weight(), v.players(), v.converters(),
                        v.conversions(), v.conversionRate(), v.gcTotal(), v.gcPerPlayer(),
                        rate == null ? null : rate.lift(), rate == null ? null : rate.pValue(), rate != null && rate.significant(),
                        gc == null ? null : gc.lift(), gc == null ? null : gc.pValue(), gc != null && gc.significant());
            }).toList();
        }
    }
}
