package dev.agis.command.conversion;

import dev.agis.domain.common.Credits;
import dev.agis.domain.conversion.RewardFactors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RewardPolicyTest {

    @ParameterizedTest(name = "{0} × {1} × {2}, cap {3} → {4} (uncapped {5}, capped {6})")
    @CsvSource({
            // amount, tier, experiment, cap, reward, uncapped, capped
            "360,      1.0,  1.0,  10000, 360,   360,   false",
            "360,      1.5,  1.0,  10000, 540,   540,   false",
            "360,      2.0,  1.25, 10000, 900,   900,   false",
            "99,       1.5,  1.0,  10000, 148,   148,   false", // 148.5 rounds down
            "0.99,     1.0,  1.0,  10000, 0,     0,     false", // below one GC: nothing
            "0,        2.0,  1.5,  10000, 0,     0,     false",
            "333.333,  1.5,  1.1,  10000, 549,   549,   false", // 549.99945 rounds down
            "8000,     1.5,  1.0,  10000, 10000, 12000, true",
            "10000,    1.0,  1.0,  10000, 10000, 10000, false", // exactly at the cap is not capped
            "100,      1.0,  0.8,  10000, 80,    80,    false",
            "100,      1.0,  0,    10000, 0,     0,     false",
            "1000000000, 2.0, 2.0, 10000, 10000, 4000000000, true"})
    void rewardIsTheFloorOfTheProductCapped(String amount, String tier, String experiment, long cap,
                                           long reward, long uncapped, boolean capped) {
        RewardPolicy.Reward r = RewardPolicy.compute(new BigDecimal(amount),
                new RewardFactors("t", new BigDecimal(tier), new BigDecimal(experiment), null, null), cap);
        assertThat(r.reward()).isEqualTo(Credits.of(reward));
        assertThat(r.uncapped()).isEqualTo(uncapped);
        assertThat(r.capped()).isEqualTo(capped);
    }

    @org.junit.jupiter.api.Test
    void negativeInputsAreRefused() {
        assertThatThrownBy(() -> RewardPolicy.compute(new BigDecimal("-1"), RewardFactors.NONE, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RewardPolicy.compute(BigDecimal.ONE,
                new RewardFactors("t", new BigDecimal("-1"), BigDecimal.ONE, null, null), 10)).isInstanceOf(IllegalArgumentException.class);
    }
}
