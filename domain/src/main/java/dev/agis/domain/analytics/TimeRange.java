package dev.agis.domain.analytics;

import dev.agis.domain.common.CommonError;
import dev.agis.domain.common.DomainException;

import java.time.Duration;
import java.time.Instant;

/**
 * A half-open interval of time [from, to) that an analytics report covers. The one place of the
 * rule that bounds reports: from before to, at most {@link #MAX_DAYS} days, so no request can make
 * a report scan the whole history.
 */
public record TimeRange(Instant from, Instant to) {

    public static final int MAX_DAYS = 366;

    public TimeRange {
        if (from == null || to == null || !from.isBefore(to)) {
            throw new DomainException(CommonError.INVALID_ARGUMENT, "'from' must be before 'to'");
        }
        if (Duration.between(from, to).compareTo(Duration.ofDays(MAX_DAYS)) > 0) {
            throw new DomainException(CommonError.INVALID_ARGUMENT, "a range spans at most " + MAX_DAYS + " days");
        }
    }

    /** The {@code length} up to {@code end}. */
    public static TimeRange ending(Instant end, Duration length) {
        return new TimeRange(end.minus(length), end);
    }
}
