package io.packops.ingest.rollouts;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The rollout bucket: pinned values (the documented hash), its spread over 10,000 accounts, monotonic steps. */
class RolloutBucketsTest {

    private static final List<Integer> STEPS = List.of(1, 5, 10, 25, 50, 75, 90, 100);

    @Test
    void bucketIsTheDocumentedHash() {
        // Python: int.from_bytes(hashlib.sha256(b"stripe-revenue:acct_123").digest()[:8], "big") % 100 == 60
        assertThat(RolloutBuckets.bucket("stripe-revenue", "acct_123")).isEqualTo(60);
        assertThat(RolloutBuckets.bucket("stripe-revenue", "acct_1")).isEqualTo(21);
        assertThat(RolloutBuckets.bucket("stripe-revenue", "acct_2")).isEqualTo(32);
    }

    @Test
    void sameAccountAlwaysGetsTheSameBucket() {
        for (int i = 0; i < 1000; i++) {
            String account = "acct_" + i;
            int first = RolloutBuckets.bucket("hubspot-pipeline", account);
            assertThat(first).isBetween(0, 99);
            assertThat(RolloutBuckets.bucket("hubspot-pipeline", account)).isEqualTo(first);
        }
    }

    @Test
    void eachStepServesItsShareOfTenThousandAccountsWithinTwoPercent() {
        int[] perBucket = new int[100];
        int n = 10_000;
        for (int i = 0; i < n; i++) {
            perBucket[RolloutBuckets.bucket("stripe-revenue", "acct_" + i)]++;
        }
        for (int step : STEPS) {
            int inCanary = 0;
            for (int b = 0; b < 100; b++) {
                if (RolloutBuckets.inCanary(b, step)) {
                    inCanary += perBucket[b];
                }
            }
            double share = 100.0 * inCanary / n;
            assertThat(share).as("step %d %%: %.2f %% of %d accounts", step, share, n).isBetween(step - 2.0, step + 2.0);
        }
    }

    @Test
    void packsSpreadAccountsIndependently() {
        // the same accounts do not land in the same buckets for every pack
        int same = 0;
        for (int i = 0; i < 10_000; i++) {
            if (RolloutBuckets.bucket("stripe-revenue", "acct_" + i) == RolloutBuckets.bucket("salesforce-pipeline", "acct_" + i)) {
                same++;
            }
        }
        assertThat(same).isBetween(50, 150); // ~1 % by chance
    }

    @Test
    void anAccountInTheCanaryStaysInItAtEveryLaterStep() {
        for (int i = 0; i < 10_000; i++) {
            int bucket = RolloutBuckets.bucket("stripe-revenue", "acct_" + i);
            boolean was = false;
            for (int step : STEPS) {
                boolean now = RolloutBuckets.inCanary(bucket, step);
                assertThat(!was || now).as("acct_%d (bucket %d) left the canary at %d %%", i, bucket, step).isTrue();
                was = now;
            }
            assertThat(was).isTrue(); // everyone at 100 %
        }
    }
}
