package dev.agis.command.schedule;

import dev.agis.domain.common.DomainException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Known answers for schedules across daylight-saving changes (Europe/Berlin: 2026-03-29 and 2026-10-25). */
class ScheduleCronTest {

    private static List<Instant> runs(String cron, String zone, String from, int n) {
        ScheduleCron c = ScheduleCron.parse(cron, zone);
        List<Instant> result = new ArrayList<>();
        Instant at = Instant.parse(from);
        for (int i = 0; i < n; i++) {
            at = c.next(at);
            result.add(at);
        }
        return result;
    }

    @Test
    void eightOClockInBerlinFollowsTheSpringChange() {
        assertThat(runs("0 8 * * *", "Europe/Berlin", "2026-03-27T12:00:00Z", 4)).containsExactly(
                Instant.parse("2026-03-28T07:00:00Z"),   // CET, UTC+1
                Instant.parse("2026-03-29T06:00:00Z"),   // CEST from 02:00 that night, UTC+2
                Instant.parse("2026-03-30T06:00:00Z"),
                Instant.parse("2026-03-31T06:00:00Z"));
    }

    @Test
    void eightOClockInBerlinFollowsTheAutumnChange() {
        assertThat(runs("0 8 * * *", "Europe/Berlin", "2026-10-24T00:00:00Z", 3)).containsExactly(
                Instant.parse("2026-10-24T06:00:00Z"),
                Instant.parse("2026-10-25T07:00:00Z"),
                Instant.parse("2026-10-26T07:00:00Z"));
    }

    @Test
    void aTimeThatExistsTwiceRunsOnceAndAMissingTimeIsShifted() {
        // 02:30 happens twice on 2026-10-25 (00:30Z and 01:30Z): one run
        assertThat(runs("30 2 * * *", "Europe/Berlin", "2026-10-24T12:00:00Z", 2)).containsExactly(
                Instant.parse("2026-10-25T00:30:00Z"),
                Instant.parse("2026-10-26T01:30:00Z"));
        // 02:30 does not exist on 2026-03-29: that day has no run (documented in docs/servers.md)
        assertThat(runs("30 2 * * *", "Europe/Berlin", "2026-03-28T12:00:00Z", 2)).containsExactly(
                Instant.parse("2026-03-30T00:30:00Z"),
                Instant.parse("2026-03-31T00:30:00Z"));
    }

    @Test
    void defaultsToUtcAndRejectsBadInput() {
        assertThat(runs("15 */6 * * 1-5", null, "2026-11-20T23:00:00Z", 2)).containsExactly(
                Instant.parse("2026-11-23T00:15:00Z"), Instant.parse("2026-11-23T06:15:00Z"));
        assertThatThrownBy(() -> ScheduleCron.parse("0 0 8 * * *", "UTC")).isInstanceOf(DomainException.class)
                .hasMessageContaining("5 fields");
        assertThatThrownBy(() -> ScheduleCron.parse("61 8 * * *", "UTC")).isInstanceOf(DomainException.class)
                .hasMessageContaining("invalid cron");
        assertThatThrownBy(() -> ScheduleCron.parse("0 8 * * *", "Mars/Olympus")).isInstanceOf(DomainException.class)
                .hasMessageContaining("time zone");
    }
}
