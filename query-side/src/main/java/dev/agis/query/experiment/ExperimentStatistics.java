package dev.agis.query.experiment;

import dev.agis.domain.experiment.ExperimentQueries.Comparison;
import dev.agis.domain.experiment.ExperimentQueries.SampleRatioCheck;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.special.Gamma;

import java.math.BigInteger;

/**
 * The tests behind the experiment results. Inputs are the incremental sums of the read model;
 * distributions come from Apache Commons Math. Formulas are in docs/experiments.md.
 */
public final class ExperimentStatistics {

    public static final double SRM_THRESHOLD = 0.001;
    public static final String Z_TEST = "two-proportion-z";
    public static final String WELCH_T = "welch-t";

    private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0, 1);

    private ExperimentStatistics() {
    }

    /**
     * Two-proportion z-test of the treatment's rate against the control's. The statistic uses the
     * pooled proportion (the null hypothesis: equal rates); the confidence interval of the
     * difference uses the unpooled standard error (Wald).
     */
    public static Comparison twoProportion(long controlSuccesses, long controlN, long treatmentSuccesses, long treatmentN, double alpha) {
        double pc = controlN == 0 ? 0 : controlSuccesses / (double) controlN;
        double pt = treatmentN == 0 ? 0 : treatmentSuccesses / (double) treatmentN;
        double difference = pt - pc;
        Double lift = pc > 0 ? difference / pc : null;
        if (controlN == 0 || treatmentN == 0) {
            return new Comparison(Z_TEST, difference, lift, null, null, null, null, null, 1 - alpha, false);
        }
        double pooled = (controlSuccesses + treatmentSuccesses) / (double) (controlN + treatmentN);
        double sePooled = Math.sqrt(pooled * (1 - pooled) * (1.0 / controlN + 1.0 / treatmentN));
        double seUnpooled = Math.sqrt(pc * (1 - pc) / controlN + pt * (1 - pt) / treatmentN);
        double zCrit = STANDARD_NORMAL.inverseCumulativeProbability(1 - alpha / 2);
        Double ciLow = seUnpooled > 0 ? difference - zCrit * seUnpooled : null;
        Double ciHigh = seUnpooled > 0 ? difference + zCrit * seUnpooled : null;
        if (!(sePooled > 0)) {
            return new Comparison(Z_TEST, difference, lift, null, null, null, ciLow, ciHigh, 1 - alpha, false);
        }
        double z = difference / sePooled;
        double p = 2 * STANDARD_NORMAL.cumulativeProbability(-Math.abs(z));
        return new Comparison(Z_TEST, difference, lift, z, null, p, ciLow, ciHigh, 1 - alpha, p < alpha);
    }

    /**
     * Welch's unequal-variances t-test of the treatment's mean against the control's, from
     * n, Σx and Σx² of each group; Welch–Satterthwaite degrees of freedom.
     */
    public static Comparison welch(Moments control, Moments treatment, double alpha) {
        double difference = treatment.mean() - control.mean();
        Double lift = control.mean() != 0 ? difference / control.mean() : null;
        if (control.n() < 2 || treatment.n() < 2) {
            return new Comparison(WELCH_T, difference, lift, null, null, null, null, null, 1 - alpha, false);
        }
        double vc = control.variance() / control.n();
        double vt = treatment.variance() / treatment.n();
        double se = Math.sqrt(vc + vt);
        if (!(se > 0)) {
            return new Comparison(WELCH_T, difference, lift, null, null, null, null, null, 1 - alpha, false);
        }
        double t = difference / se;
        double df = (vc + vt) * (vc + vt) / (vc * vc / (control.n() - 1) + vt * vt / (treatment.n() - 1));
        TDistribution dist = new TDistribution(null, df);
        double p = 2 * dist.cumulativeProbability(-Math.abs(t));
        double tCrit = dist.inverseCumulativeProbability(1 - alpha / 2);
        return new Comparison(WELCH_T, difference, lift, t, df, p, difference - tCrit * se, difference + tCrit * se, 1 - alpha, p < alpha);
    }

    /** Pearson's chi-square goodness of fit of the observed counts against the weights (k − 1 df). */
    public static SampleRatioCheck sampleRatio(long[] observed, int[] weights) {
        long total = 0;
        long weightSum = 0;
        for (int i = 0; i < observed.length; i++) {
            total += observed[i];
            weightSum += weights[i];
        }
        int df = observed.length - 1;
        if (total == 0 || df < 1) {
            return new SampleRatioCheck(null, df, null, SRM_THRESHOLD, false);
        }
        double chi = 0;
        for (int i = 0; i < observed.length; i++) {
            double expected = total * (weights[i] / (double) weightSum);
            double d = observed[i] - expected;
            chi += d * d / expected;
        }
        double p = Gamma.regularizedGammaQ(df / 2.0, chi / 2.0);
        return new SampleRatioCheck(chi, df, p, SRM_THRESHOLD, p < SRM_THRESHOLD);
    }

    /**
     * n, Σx and Σx² of one group. The sample variance is computed exactly from the integers
     * ({@code (nΣx² − (Σx)²) / (n(n−1))}), so large sums lose nothing to cancellation.
     */
    public record Moments(long n, BigInteger sum, BigInteger sumSquares) {

        public static Moments of(long n, long sum, long sumSquares) {
            return new Moments(n, BigInteger.valueOf(sum), BigInteger.valueOf(sumSquares));
        }

        public double mean() {
            return n == 0 ? 0 : sum.doubleValue() / n;
        }

        public double variance() {
            if (n < 2) {
                return 0;
            }
            BigInteger bn = BigInteger.valueOf(n);
            BigInteger numerator = bn.multiply(sumSquares).subtract(sum.multiply(sum));
            return numerator.doubleValue() / ((double) n * (n - 1));
        }
    }
}
