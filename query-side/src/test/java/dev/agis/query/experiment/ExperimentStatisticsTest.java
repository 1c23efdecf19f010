package dev.agis.query.experiment;

import dev.agis.domain.experiment.ExperimentQueries.Comparison;
import dev.agis.domain.experiment.ExperimentQueries.SampleRatioCheck;
import dev.agis.query.experiment.ExperimentStatistics.Moments;
import org.junit.jupiter.api.Test;

import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Results on fixed data sets against independently computed reference values. Every expected number
 * comes from src/test/resources/experiments/reference_values.py (mpmath, 50 digits, textbook
 * formulas; cross-checked with scipy.stats) — not from this code or Commons Math.
 */
class ExperimentStatisticsTest {

    private static final double EPS = 1e-6;

    // the same data sets as reference_values.py
    static final int[] CONTROL_GC = {0, 0, 0, 12, 0, 30, 0, 0, 45, 0, 0, 12, 0, 0, 0, 60, 0, 12, 0, 0, 24, 0, 0, 0, 15};
    static final int[] TREATMENT_GC = {0, 18, 0, 0, 36, 0, 54, 0, 0, 18, 90, 0, 0, 18, 0, 0, 36, 0, 72, 0, 0, 0, 18, 0, 45, 0, 27, 0};
    static final int[] EVEN_GC_C = {3, 7, 7, 19, 4, 10, 8, 12, 6, 9};
    static final int[] EVEN_GC_T = {14, 9, 11, 21, 13, 8, 17, 12, 15, 10, 16, 19};

    private static Moments moments(int[] values) {
        return Moments.of(values.length, IntStream.of(values).asLongStream().sum(),
                IntStream.of(values).asLongStream().map(v -> v * v).sum());
    }

    @Test
    void twoProportionZTestOnALargeSample() {
        Comparison c = ExperimentStatistics.twoProportion(1000, 10000, 1100, 10000, 0.05);
        assertThat(c.test()).isEqualTo("two-proportion-z");
        assertThat(c.difference()).isCloseTo(0.01, within(EPS));
        assertThat(c.lift()).isCloseTo(0.1, within(EPS));
        assertThat(c.statistic()).isCloseTo(2.3066347738170117, within(EPS));
        assertThat(c.pValue()).isCloseTo(0.021075189273797754, within(EPS));
        assertThat(c.ciLow()).isCloseTo(0.0015040591315121181, within(EPS));
        assertThat(c.ciHigh()).isCloseTo(0.018495940868487882, within(EPS));
        assertThat(c.confidence()).isCloseTo(0.95, within(EPS));
        assertThat(c.significant()).isTrue();
    }

    @Test
    void twoProportionZTestOnUnequalGroupsAtAlphaOnePercent() {
        Comparison c = ExperimentStatistics.twoProportion(41, 523, 57, 498, 0.01);
        assertThat(c.difference()).isCloseTo(0.036063949872146329, within(EPS));
        assertThat(c.lift()).isCloseTo(0.46003526300323244, within(EPS));
        assertThat(c.statistic()).isCloseTo(1.9554098080292528, within(EPS));
        assertThat(c.pValue()).isCloseTo(0.050534719392146391, within(EPS));
        assertThat(c.ciLow()).isCloseTo(-0.011548540108215863, within(EPS));
        assertThat(c.ciHigh()).isCloseTo(0.083676439852508521, within(EPS));
        assertThat(c.significant()).isFalse();
    }

    @Test
    void welchTTestOnSkewedGcValues() {
        Comparison c = ExperimentStatistics.welch(moments(CONTROL_GC), moments(TREATMENT_GC), 0.05);
        assertThat(c.test()).isEqualTo("welch-t");
        assertThat(c.difference()).isCloseTo(7.0285714285714286, within(EPS));
        assertThat(c.lift()).isCloseTo(0.83673469387755102, within(EPS));
        assertThat(c.statistic()).isCloseTo(1.2545429180276721, within(EPS));
        assertThat(c.degreesOfFreedom()).isCloseTo(46.655461827215468, within(EPS));
        assertThat(c.pValue()).isCloseTo(0.21589338057621923, within(EPS));
        assertThat(c.ciLow()).isCloseTo(-4.2443938515003564, within(EPS));
        assertThat(c.ciHigh()).isCloseTo(18.301536708643214, within(EPS));
        assertThat(c.significant()).isFalse();
    }

    @Test
    void welchTTestAtAlphaTenPercent() {
        Comparison c = ExperimentStatistics.welch(moments(EVEN_GC_C), moments(EVEN_GC_T), 0.10);
        assertThat(c.difference()).isCloseTo(5.25, within(EPS));
        assertThat(c.lift()).isCloseTo(0.61764705882352941, within(EPS));
        assertThat(c.statistic()).isCloseTo(2.8377959614402108, within(EPS));
        assertThat(c.degreesOfFreedom()).isCloseTo(18.220939208713256, within(EPS));
        assertThat(c.pValue()).isCloseTo(0.01082289162389715, within(EPS));
        assertThat(c.ciLow()).isCloseTo(2.0440410463954921, within(EPS));
        assertThat(c.ciHigh()).isCloseTo(8.4559589536045079, within(EPS));
        assertThat(c.significant()).isTrue();
    }

    @Test
    void sampleRatioChecks() {
        assertSrm(new long[]{5000, 5200}, new int[]{1, 1}, 3.9215686274509804, 0.047670380656161448, false);
        assertSrm(new long[]{3300, 3400, 3150}, new int[]{1, 1, 1}, 9.6446700507614213, 0.0080479729607294808, false);
        assertSrm(new long[]{3400, 6600}, new int[]{1, 2}, 2.0, 0.15729920705028513, false);
        assertSrm(new long[]{10210, 9790}, new int[]{1, 1}, 8.82, 0.0029794666563329855, false);
        assertSrm(new long[]{5230, 4770}, new int[]{1, 1}, 21.16, 4.2249094050056995e-6, true);
    }

    private static void assertSrm(long[] observed, int[] weights, double chi, double p, boolean mismatch) {
        SampleRatioCheck srm = ExperimentStatistics.sampleRatio(observed, weights);
        assertThat(srm.chiSquare()).isCloseTo(chi, within(EPS));
        assertThat(srm.pValue()).isCloseTo(p, within(EPS));
        assertThat(srm.degreesOfFreedom()).isEqualTo(observed.length - 1);
        assertThat(srm.mismatch()).isEqualTo(mismatch);
    }

    @Test
    void testsWithoutEnoughDataAnswerNoPValueInsteadOfNonsense() {
        assertThat(ExperimentStatistics.twoProportion(0, 0, 3, 10, 0.05).pValue()).isNull();
        assertThat(ExperimentStatistics.twoProportion(0, 10, 0, 10, 0.05).pValue()).isNull();
        assertThat(ExperimentStatistics.welch(Moments.of(1, 5, 25), Moments.of(5, 10, 30), 0.05).pValue()).isNull();
        assertThat(ExperimentStatistics.welch(Moments.of(3, 0, 0), Moments.of(3, 0, 0), 0.05).pValue()).isNull();
        assertThat(ExperimentStatistics.sampleRatio(new long[]{0, 0}, new int[]{1, 1}).pValue()).isNull();
        assertThat(ExperimentStatistics.sampleRatio(new long[]{0, 0}, new int[]{1, 1}).mismatch()).isFalse();
    }

    @Test
    void varianceFromSumsIsExactForLargeTotals() {
        // 10^6 players with 10^6 GC each and one with 0: sum of squares near 10^18 must not cancel away
        long n = 1_000_001;
        long sum = 1_000_000L * 1_000_000L;
        java.math.BigInteger sumSquares = java.math.BigInteger.valueOf(1_000_000L * 1_000_000L).multiply(java.math.BigInteger.valueOf(1_000_000L));
        Moments m = new Moments(n, java.math.BigInteger.valueOf(sum), sumSquares);
        double mean = sum / (double) n;
        double expected = (1_000_000 * Math.pow(1e6 - mean, 2) + Math.pow(mean, 2)) / (n - 1);
        assertThat(m.variance()).isCloseTo(expected, within(expected * 1e-12));
    }
}
