package dev.agis.domain.experiment;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.agis.domain.common.DomainException;

import java.util.regex.Pattern;

/**
 * The key of an experiment, e.g. {@code reward-boost-2026}: lower-case letters, digits, '-' and '_',
 * 2..64 characters. It is also the hash seed of the assignment, so it never changes.
 * The aggregate identifier is {@code experiment:<key>} ({@link #toString()}).
 */
public record ExperimentKey(String value) {

    private static final Pattern FORMAT = Pattern.compile("[a-z0-9][a-z0-9_\\-]{1,63}");

    public ExperimentKey {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new DomainException(ExperimentError.INVALID_KEY,
                    "experiment key must be 2..64 characters of a-z, 0-9, '-' or '_' starting with a letter or digit, was '" + value + "'");
        }
    }

    @JsonCreator
    public static ExperimentKey of(String value) {
        return new ExperimentKey(value);
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }

    /** Axon uses toString() of a target identifier as the aggregate id. */
    @Override
    public String toString() {
        return "experiment:" + value;
    }
}
