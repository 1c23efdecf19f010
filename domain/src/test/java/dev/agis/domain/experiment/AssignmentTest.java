package dev.agis.domain.experiment;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Known-answer vectors of the assignment hash. The FNV-1a values are the algorithm's published
 * test vectors; the hash and variant vectors were computed with an independent Python
 * implementation of the documented algorithm (docs/experiments.md):
 * {@code fnv(str(fnv(key + ":" + player))) % 10000 / 10000} with GrowthBook's bucket ranges.
 */
class AssignmentTest {

    @Test
    void fnv1aMatchesThePublishedVectors() {
        assertThat(Assignment.fnv1a32("")).isEqualTo(0x811c9dc5);
        assertThat(Assignment.fnv1a32("a")).isEqualTo(0xe40c292c);
        assertThat(Assignment.fnv1a32("foobar")).isEqualTo(0xbf9cf968);
    }

    @Test
    void hashKnownAnswers() {
        assertThat(Assignment.hash("reward-boost", "123456789012345678")).isEqualTo(0.8085);
        assertThat(Assignment.hash("reward-boost", "42")).isEqualTo(0.7537);
        assertThat(Assignment.hash("onboarding-v2", "987654321098765432")).isEqualTo(0.7331);
        assertThat(Assignment.hash("ab", "c")).isEqualTo(0.1112);
        assertThat(Assignment.hash("exp_1", "player-\u00dc")).isEqualTo(0.4075);
    }

    @Test
    void variantKnownAnswers() {
        assertThat(assignments(new int[]{1, 1}, 100)).containsExactly(0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1);
        assertThat(assignments(new int[]{1, 1}, 50)).containsExactly(0, 0, -1, -1, 0, -1, 1, -1, -1, 0, -1, 1);
        assertThat(assignments(new int[]{1, 1}, 10)).containsExactly(-1, 0, -1, -1, -1, -1, -1, -1, -1, -1, -1, 1);
        assertThat(assignments(new int[]{1, 3, 2}, 80)).containsExactly(-1, 0, 2, -1, -1, 1, -1, -1, 1, 1, 2, 1);
    }

    private static int[] assignments(int[] weights, int traffic) {
        Assignment.Plan plan = Assignment.Plan.of(weights, traffic);
        int[] out = new int[12];
        for (int i = 0; i < out.length; i++) {
            out[i] = plan.assign("reward-boost", Integer.toString(i));
        }
        return out;
    }

    @Test
    void raisingTrafficOnlyAddsPlayersAndNeverMovesThem() {
        int[] weights = {2, 1, 1};
        int[] traffic = {0, 5, 20, 50, 51, 90, 100};
        for (int p = 0; p < 100_000; p++) {
            String player = "p" + p;
            int previous = -1;
            for (int t : traffic) {
                int now = Assignment.Plan.of(weights, t).assign("sticky-test", player);
                if (previous >= 0) {
                    assertThat(now).as("player %s at %d%%", player, t).isEqualTo(previous);
                }
                previous = now;
            }
        }
    }

    @Test
    void zeroTrafficIncludesNobodyAndFullTrafficEverybody() {
        for (int p = 0; p < 10_000; p++) {
            assertThat(Assignment.Plan.of(new int[]{1, 1}, 0).assign("edges", "p" + p)).isEqualTo(-1);
            assertThat(Assignment.Plan.of(new int[]{1, 1}, 100).assign("edges", "p" + p)).isBetween(0, 1);
        }
    }

    @Test
    void aMillionPlayersSplitLikeTheWeights() {
        int n = 1_000_000;
        Assignment.Plan full = Assignment.Plan.of(new int[]{1, 3, 2}, 100);
        Assignment.Plan partial = Assignment.Plan.of(new int[]{1, 3, 2}, 30);
        long[] counts = new long[3];
        long included = 0;
        for (int i = 0; i < n; i++) {
            String player = Long.toString(100_000_000_000_000_000L + i * 7919L);
            counts[full.assign("distribution", player)]++;
            if (partial.assign("distribution", player) >= 0) {
                included++;
            }
        }
        // 5 standard deviations of a share at n = 10^6 is at most 0.0025
        assertThat(counts[0] / (double) n).isCloseTo(1 / 6.0, within(0.0025));
        assertThat(counts[1] / (double) n).isCloseTo(3 / 6.0, within(0.0025));
        assertThat(counts[2] / (double) n).isCloseTo(2 / 6.0, within(0.0025));
        assertThat(included / (double) n).isCloseTo(0.30, within(0.0025));
    }

    @Test
    void theHashIsInTheUnitInterval() {
        for (int i = 0; i < 100_000; i++) {
            assertThat(Assignment.hash("range", "x" + i)).isGreaterThanOrEqualTo(0).isLessThan(1);
        }
    }
}
