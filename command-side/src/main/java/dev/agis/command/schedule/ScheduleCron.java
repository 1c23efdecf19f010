package dev.agis.command.schedule;

import dev.agis.domain.common.DomainException;
import dev.agis.domain.server.ServerError;
import org.springframework.scheduling.support.CronExpression;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * The 5-field cron of a schedule in its IANA time zone, evaluated by Spring's
 * {@link CronExpression} on {@link ZonedDateTime}, so wall-clock times follow daylight saving:
 * {@code 0 8 * * *} in Europe/Berlin is 07:00 UTC in winter and 06:00 UTC in summer; a wall
 * time that does not exist on the day clocks go forward (02:30) does not run that day, and one
 * that exists twice when they go back runs once.
 */
public record ScheduleCron(CronExpression expression, ZoneId zone, String source) {

    public static ScheduleCron parse(String cron, String timeZone) {
        if (cron == null || cron.isBlank() || cron.trim().split("\\s+").length != 5) {
            throw new DomainException(ServerError.INVALID_CRON,
                    "cron must have 5 fields (minute hour day-of-month month day-of-week), e.g. '0 8 * * *', was '" + cron + "'");
        }
        ZoneId zone;
        try {
            zone = ZoneId.of(timeZone == null || timeZone.isBlank() ? "UTC" : timeZone.trim());
        } catch (DateTimeException e) {
            throw new DomainException(ServerError.INVALID_TIMEZONE, "unknown IANA time zone '" + timeZone + "'");
        }
        try {
            return new ScheduleCron(CronExpression.parse("0 " + cron.trim()), zone, cron.trim());
        } catch (IllegalArgumentException e) {
            throw new DomainException(ServerError.INVALID_CRON, "invalid cron '" + cron + "': " + e.getMessage());
        }
    }

    /**
     * The first scheduled instant strictly after {@code after}, or null if there is none. When
     * clocks go back, a wall time that repeats (02:30 twice) runs only at its first occurrence,
     * as classic cron does; Spring alone would run it twice.
     */
    public Instant next(Instant after) {
        ZonedDateTime from = after.atZone(zone);
        ZonedDateTime next = expression.next(from);
        if (next != null && next.toLocalDateTime().equals(from.toLocalDateTime())) {
            next = expression.next(next);
        }
        return next == null ? null : next.toInstant();
    }
}
