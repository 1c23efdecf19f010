package dev.agis.domain.experiment;

import java.util.List;

/**
 * Deterministic, sticky assignment of players to variants (SPEC §2.6) — a pure function, no I/O.
 *
 * <p>The algorithm is GrowthBook's hash version 2 with the seed {@code <experimentKey>:} and the
 * player id as the hashed value (see docs/experiments.md):
 * <pre>
 *   h1 = fnv1a32(experimentKey + ":" + playerId)      // over UTF-16 code units
 *   h2 = fnv1a32(decimal(h1 as unsigned))
 *   n  = (h2 mod 10000) / 10000                        // in [0, 1)
 * </pre>
 * Variant {@code i} owns the bucket range {@code [c_i, c_i + t * w_i)} where {@code w_i} is its
 * normalised weight, {@code c_i} the sum of the normalised weights before it and {@code t} the
 * traffic allocation as a fraction. A player whose {@code n} falls in no range is not in the
 * experiment. Raising {@code t} only widens every range at its end, so a player once in a variant
 * stays in it; the hash does not depend on anything that can change.
 */
public final class Assignment {

    static final int FNV_OFFSET = 0x811c9dc5;
    static final int FNV_PRIME = 0x01000193;
    static final int BUCKETS = 10_000;

    private Assignment() {
    }

    /** The player's position in [0, 1) for this experiment. */
    public static double hash(String experimentKey, String playerId) {
        int h = FNV_OFFSET;
        for (int i = 0, len = experimentKey.length(); i < len; i++) {
            h = (h ^ experimentKey.charAt(i)) * FNV_PRIME;
        }
        h = (h ^ ':') * FNV_PRIME;
        for (int i = 0, len = playerId.length(); i < len; i++) {
            h = (h ^ playerId.charAt(i)) * FNV_PRIME;
        }
        return Integer.remainderUnsigned(fnvOfUnsignedDecimal(h), BUCKETS) / (double) BUCKETS;
    }

    /** FNV-1a 32 of a string, as GrowthBook computes it (UTF-16 code units). */
    public static int fnv1a32(CharSequence s) {
        int h = FNV_OFFSET;
        for (int i = 0; i < s.length(); i++) {
            h = (h ^ s.charAt(i)) * FNV_PRIME;
        }
        return h;
    }

    /** FNV-1a 32 over the decimal digits of {@code value} read as unsigned, without building a string. */
    private static int fnvOfUnsignedDecimal(int value) {
        long v = Integer.toUnsignedLong(value);
        long divisor = 1;
        while (divisor * 10 <= v) {
            divisor *= 10;
        }
        int h = FNV_OFFSET;
        for (; divisor > 0; divisor /= 10) {
            h = (h ^ ('0' + (int) (v / divisor % 10))) * FNV_PRIME;
        }
        return h;
    }

    /**
     * The bucket ranges of one experiment at one traffic allocation, computed once and reused for
     * every decision.
     */
    public static final class Plan {
        private final double[] starts;
        private final double[] ends;

        private Plan(double[] starts, double[] ends) {
            this.starts = starts;
            this.ends = ends;
        }

        /** @param weights relative weights (> 0) in variant order; @param trafficPercent 0..100 */
        public static Plan of(int[] weights, int trafficPercent) {
            if (weights.length == 0 || trafficPercent < 0 || trafficPercent > 100) {
                throw new IllegalArgumentException("need at least one weight and a traffic allocation of 0..100");
            }
            long total = 0;
            for (int w : weights) {
                if (w <= 0) {
                    throw new IllegalArgumentException("weights must be positive");
                }
                total += w;
            }
            double coverage = trafficPercent / 100.0;
            double[] starts = new double[weights.length];
            double[] ends = new double[weights.length];
            double cumulative = 0;
            for (int i = 0; i < weights.length; i++) {
                double share = weights[i] / (double) total;
                starts[i] = cumulative;
                ends[i] = cumulative + coverage * share;
                cumulative += share;
            }
            return new Plan(starts, ends);
        }

        public static Plan of(List<Variant> variants, int trafficPercent) {
            return of(variants.stream().mapToInt(Variant::weight).toArray(), trafficPercent);
        }

        /** The variant index for a hash value, or -1 when the player is not in the experiment. */
        public int variantIndex(double n) {
            for (int i = 0; i < starts.length; i++) {
                if (n >= starts[i] && n < ends[i]) {
                    return i;
                }
            }
            return -1;
        }

        public int assign(String experimentKey, String playerId) {
            return variantIndex(hash(experimentKey, playerId));
        }
    }
}
