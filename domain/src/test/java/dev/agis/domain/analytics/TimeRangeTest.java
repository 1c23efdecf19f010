package dev.agis.domain.analytics;

import dev.agis.domain.common.CommonError;
import dev.agis.domain.common.DomainException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimeRangeTest {

    private static final Instant T = Instant.parse("2026-12-01T00:00:00Z");

    @Test
    void aRangeOfUpTo366DaysIsAccepted() {
        assertThat(new TimeRange(T, T.plus(Duration.ofDays(366))).to()).isEqualTo(T.plus(Duration.ofDays(366)));
        assertThat(TimeRange.ending(T, Duration.ofDays(7)).from()).isEqualTo(T.minus(Duration.ofDays(7)));
    }

    @Test
    void aLongerEmptyReversedOrOpenRangeIsInvalid() {
        for (Runnable bad : new Runnable[]{
                () -> new TimeRange(T, T.plus(Duration.ofDays(366)).plusSeconds(1)),
                () -> new TimeRange(T, T),
                () -> new TimeRange(T, T.minusSeconds(1)),
                () -> new TimeRange(null, T),
                () -> new TimeRange(T, null)}) {
            assertThatThrownBy(bad::run).isInstanceOfSatisfying(DomainException.class,
                    e -> assertThat(e.code()).isEqualTo(CommonError.INVALID_ARGUMENT));
        }
    }
}
