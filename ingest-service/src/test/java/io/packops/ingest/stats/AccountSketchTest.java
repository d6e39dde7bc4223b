package io.packops.ingest.stats;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class AccountSketchTest {

    private static long[] hashes(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = r.nextLong();
        }
        return out;
    }

    @Test
    void emptySketchCountsZero() {
        assertThat(new AccountSketch().estimate()).isZero();
        assertThat(new AccountSketch().isEmpty()).isTrue();
    }

    @Test
    void smallCountsAreExactAndRepeatsCountOnce() {
        AccountSketch s = new AccountSketch();
        long[] h = hashes(40, 1);
        for (int round = 0; round < 3; round++) {
            for (long x : h) {
                s.addHash(x);
            }
        }
        assertThat(s.estimate()).isEqualTo(40);
    }

    @Test
    void largeCountsAreWithinAFewPercent() {
        for (int n : new int[] {5_000, 20_000, 100_000, 1_000_000}) {
            AccountSketch s = new AccountSketch();
            for (long x : hashes(n, n)) {
                s.addHash(x);
            }
            assertThat((double) s.estimate()).as("estimate of %d", n).isCloseTo(n, within(n * 0.04));
        }
    }

    @Test
    void mergingSketchesCountsTheUnion() {
        long[] a = hashes(3_000, 7);
        long[] b = hashes(3_000, 8);
        AccountSketch left = new AccountSketch();
        AccountSketch right = new AccountSketch();
        AccountSketch both = new AccountSketch();
        for (long x : a) {
            left.addHash(x);
            both.addHash(x);
        }
        for (long x : b) {
            right.addHash(x);
            both.addHash(x);
        }
        for (int i = 0; i < 1_000; i++) {
            right.addHash(a[i]); // overlap
        }
        AccountSketch merged = new AccountSketch();
        merged.merge(left.toBytes());
        merged.merge(right.toBytes());
        assertThat(merged.estimate()).isEqualTo(both.estimate());
        assertThat((double) merged.estimate()).isCloseTo(6_000, within(120.0));
    }

    @Test
    void storedFormIsSparseWhenSmallAndDenseWhenLarge() {
        AccountSketch small = new AccountSketch();
        for (long x : hashes(10, 3)) {
            small.addHash(x);
        }
        assertThat(small.toBytes()).hasSize(1 + 10 * 4);
        AccountSketch large = new AccountSketch();
        for (long x : hashes(50_000, 4)) {
            large.addHash(x);
        }
        assertThat(large.toBytes()).hasSize(1 + AccountSketch.M);
        AccountSketch copy = new AccountSketch();
        copy.merge(large.toBytes());
        assertThat(copy.estimate()).isEqualTo(large.estimate());
        AccountSketch smallCopy = new AccountSketch();
        smallCopy.merge(small.toBytes());
        assertThat(smallCopy.estimate()).isEqualTo(10);
    }

    @Test
    void packedHashesAreReadAsBigEndianLongs() {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(24).putLong(1L).putLong(-5L).putLong(1L);
        AccountSketch s = new AccountSketch();
        s.addHashes(b.array());
        assertThat(s.estimate()).isEqualTo(2);
    }
}
