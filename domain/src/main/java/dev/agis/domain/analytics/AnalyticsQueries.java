package dev.agis.domain.analytics;

import dev.agis.domain.account.AccountId;
import dev.agis.domain.account.AccountKind;
import dev.agis.domain.common.CommonError;
import dev.agis.domain.common.Credits;
import dev.agis.domain.common.DomainException;
import dev.agis.domain.common.PlayerId;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * Read-only reports for analysts (SPEC §3.2, scope {@code read:analytics}), answered from the read
 * models. Lists are read by key set: a query names the sort key of the last row already seen
 * ({@code after…}, null for the first page) and answers at most {@code limit} rows after it, so
 * a page never repeats or skips rows when new data arrives between pages.
 */
public final class AnalyticsQueries {

    /** Most rows one list query answers. */
    public static final int MAX_ROWS = 1001;

    private AnalyticsQueries() {
    }

    static int checkLimit(int limit) {
        if (limit < 1 || limit > MAX_ROWS) {
            throw new DomainException(CommonError.INVALID_ARGUMENT, "limit must be between 1 and " + MAX_ROWS);
        }
        return limit;
    }

    // --- treasuries -----------------------------------------------------------------------------

    /** Totals of all accounts per kind (players' wallets, guilds' treasuries), as they are now. */
    public record FindTreasurySummary() {
    }

    public record KindTotal(AccountKind kind, long accounts, Credits balance, Credits held) {
    }

    public record TreasurySummary(List<KindTotal> totals) {
    }

    /** Guild treasuries by balance, largest first, ties by account id; after the row (afterBalance, afterAccount). */
    public record FindTopTreasuries(Long afterBalance, AccountId afterAccount, int limit) {
        public FindTopTreasuries {
            checkLimit(limit);
            if ((afterBalance == null) != (afterAccount == null)) {
                throw new DomainException(CommonError.INVALID_ARGUMENT, "the last row's balance and account go together");
            }
        }
    }

    /** {@code rank}: 1 + the number of treasuries holding more (ties share a rank). */
    public record TreasuryEntry(long rank, AccountId accountId, String guildId, Credits balance, Credits held, long movements) {
    }

    public record TopTreasuries(List<TreasuryEntry> treasuries) {
    }

    // --- conversions ----------------------------------------------------------------------------

    /** The sort key of a conversion group: day, provider, type, tier, status. */
    public record GroupKey(LocalDate day, String provider, String type, String tier, String status) {
        public GroupKey {
            if (day == null || provider == null || type == null || tier == null || status == null) {
                throw new DomainException(CommonError.INVALID_ARGUMENT, "a group key has all five parts");
            }
        }
    }

    /** Conversions per UTC day, provider, type, tier and status, recorded in the range, in key order after {@code after}. */
    public record FindConversionBreakdown(TimeRange range, GroupKey after, int limit) {
        public FindConversionBreakdown {
            checkLimit(limit);
        }
    }

    public record ConversionGroup(GroupKey key, long conversions, long rewardCredited, long reversed) {
    }

    public record ConversionBreakdown(List<ConversionGroup> groups) {
    }

    /** What the ad networks paid ({@code payout_usd} of the callbacks) per UTC hour of the range, after the hour {@code after}. */
    public record FindRevenueByHour(TimeRange range, Instant after, int limit) {
        public FindRevenueByHour {
            checkLimit(limit);
        }
    }

    /**
     * @param grossPayoutUsd payout of every conversion recorded in the hour
     * @param netPayoutUsd   the same without the conversions reversed since
     */
    public record HourlyRevenue(Instant hour, long conversions, BigDecimal grossPayoutUsd, BigDecimal netPayoutUsd) {
    }

    public record RevenueByHour(List<HourlyRevenue> hours) {
    }

    /** The windows of the top-earner report. */
    public enum EarningWindow {
        DAY("24h", Duration.ofHours(24)), WEEK("7d", Duration.ofDays(7)), MONTH("30d", Duration.ofDays(30));

        private final String label;
        private final Duration length;

        EarningWindow(String label, Duration length) {
            this.label = label;
            this.length = length;
        }

        public String label() {
            return label;
        }

        public Duration length() {
            return length;
        }

        public static EarningWindow parse(String label) {
            for (EarningWindow w : values()) {
                if (w.label.equals(label)) {
                    return w;
                }
            }
            throw new DomainException(CommonError.INVALID_ARGUMENT, "window must be one of 24h, 7d, 30d");
        }
    }

    /**
     * Players by credits earned from conversions recorded in the window that ends at {@code end}
     * (null: now), net of what reversals took back, most first, ties by player id; after the row (afterEarned, afterPlayer). Later
     * pages pass the first page's end, so they rank the same window.
     */
    public record FindTopEarners(EarningWindow window, Instant end, Long afterEarned, PlayerId afterPlayer, int limit) {
        public FindTopEarners {
            if (window == null) {
                throw new DomainException(CommonError.INVALID_ARGUMENT, "window is required");
            }
            checkLimit(limit);
            if ((afterEarned == null) != (afterPlayer == null)) {
                throw new DomainException(CommonError.INVALID_ARGUMENT, "the last row's earnings and player go together");
            }
        }
    }

    /** {@code rank}: 1 + the number of players who earned more (ties share a rank). */
    public record EarnerEntry(long rank, PlayerId playerId, Credits earned, long conversions) {
    }

    public record TopEarners(EarningWindow window, Instant from, Instant to, List<EarnerEntry> earners) {
    }

    /** How many conversions recorded in the range the fraud rules flagged, and what became of them. */
    public record FindFraudRate(TimeRange range) {
    }

    /**
     * @param flagged       conversions the fraud rules held for review, whatever the review decided
     * @param pending       flagged ones still waiting for an admin
     * @param rejected      flagged ones an admin rejected
     * @param flaggedShare  flagged / conversions (0 without conversions)
     * @param rejectedShare rejected / conversions (0 without conversions)
     */
    public record FraudRate(Instant from, Instant to, long conversions, long flagged, long pending, long approved,
                            long rejected, double flaggedShare, double rejectedShare) {
    }
}
