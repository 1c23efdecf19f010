package dev.agis.domain.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * An amount of GameCredits. Whole numbers only; money is never a floating point value.
 * Signed, because a balance may be negative after a chargeback; amounts of movements are
 * checked with {@link #requirePositive(String)}.
 */
public record Credits(long value) implements Comparable<Credits> {

    public static final Credits ZERO = new Credits(0);

    @JsonCreator
    public static Credits of(long value) {
        return value == 0 ? ZERO : new Credits(value);
    }

    @JsonValue
    @Override
    public long value() {
        return value;
    }

    public Credits plus(Credits other) {
        return of(Math.addExact(value, other.value));
    }

    public Credits minus(Credits other) {
        return of(Math.subtractExact(value, other.value));
    }

    public boolean isPositive() {
        return value > 0;
    }

    public boolean isNegative() {
        return value < 0;
    }

    public boolean isLessThan(Credits other) {
        return value < other.value;
    }

    /** Rejects zero and negative amounts with a domain error naming the field. */
    public Credits requirePositive(String field) {
        if (value <= 0) {
            throw new DomainException(CommonError.INVALID_AMOUNT, field + " must be a positive whole number of credits, was " + value);
        }
        return this;
    }

    @Override
    public int compareTo(Credits o) {
        return Long.compare(value, o.value);
    }

    @Override
    public String toString() {
        return value + " GC";
    }
}
