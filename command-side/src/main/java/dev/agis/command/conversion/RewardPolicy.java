package dev.agis.command.conversion;

import dev.agis.domain.common.Credits;
import dev.agis.domain.conversion.RewardFactors;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The reward algorithm (SPEC §2.2): {@code floor(currency_amount × tier multiplier × experiment
 * multiplier)}, capped per conversion. Pure and exact: BigDecimal throughout, never a double.
 */
public final class RewardPolicy {

    private RewardPolicy() {
    }

    /**
     * @param uncapped the amount before the cap (what the amount fraud rule looks at)
     * @param reward   the amount to credit
     */
    public record Reward(long uncapped, Credits reward, boolean capped) {
    }

    public static Reward compute(BigDecimal currencyAmount, RewardFactors factors, long cap) {
        if (currencyAmount == null || currencyAmount.signum() < 0) {
            throw new IllegalArgumentException("currency amount must be ≥ 0");
        }
        if (cap < 0) {
            throw new IllegalArgumentException("cap must be ≥ 0");
        }
        BigDecimal exact = currencyAmount
                .multiply(nonNegative(factors.tierMultiplier()))
                .multiply(nonNegative(factors.experimentMultiplier()));
        BigDecimal floor = exact.setScale(0, RoundingMode.FLOOR);
        // Anything beyond a long is over every sane cap; saturate instead of overflowing.
        long uncapped = floor.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0 ? Long.MAX_VALUE : floor.longValueExact();
        boolean capped = uncapped > cap;
        return new Reward(uncapped, Credits.of(capped ? cap : uncapped), capped);
    }

    private static BigDecimal nonNegative(BigDecimal factor) {
        if (factor == null || factor.signum() < 0) {
            throw new IllegalArgumentException("multipliers must be ≥ 0, was " + factor);
        }
        return factor;
    }
}
