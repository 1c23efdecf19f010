package dev.agis.domain.schedule;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.agis.domain.common.CommonError;
import dev.agis.domain.common.DomainException;

import java.util.UUID;
import java.util.regex.Pattern;

/** Identifies a schedule: {@code schedule:<uuid>}, also its aggregate identifier. */
public record ScheduleId(String value) {

    private static final Pattern FORMAT = Pattern.compile("schedule:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    public ScheduleId {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new DomainException(CommonError.INVALID_ARGUMENT, "schedule id must look like schedule:<uuid>, was '" + value + "'");
        }
    }

    @JsonCreator
    public static ScheduleId of(String value) {
        return new ScheduleId(value);
    }

    public static ScheduleId newId() {
        return new ScheduleId("schedule:" + UUID.randomUUID());
    }

    public String uuid() {
        return value.substring("schedule:".length());
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }
}
