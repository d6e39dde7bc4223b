package io.packops.alerting.rollouts;

import io.packops.alerting.rollouts.CanaryJudge.Comparison;
import io.packops.alerting.rollouts.CanaryJudge.Rate;
import io.packops.alerting.rollouts.CanaryJudge.Thresholds;
import io.packops.alerting.rollouts.CanaryJudge.Verdict;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The canary decision on crafted counts: Wilson bounds, abort, hold (too few installs, step time, inconclusive), advance. */
class CanaryJudgeTest {

    static final Thresholds T = new Thresholds(0.05, 2.0, 50, 30);
    static final Duration DONE = Duration.ofMinutes(31);
    static final CanaryJudge JUDGE = new CanaryJudge(0.99);

    static Comparison installs(long canaryN, long canaryF, long stableN, long stableF) {
        return new Comparison("install", new Rate(canaryN, canaryF), new Rate(stableN, stableF));
    }

    static Comparison noRenders() {
        return new Comparison("render", new Rate(0, 0), new Rate(0, 0));
    }

    static Verdict judge(Comparison installs, Duration elapsed) {
        return JUDGE.judge(installs, noRenders(), T, elapsed, null);
    }

    @Test
    void zScoresOfCommonConfidences() {
        assertThat(CanaryJudge.z(0.95)).isCloseTo(1.644854, within(1e-5));
        assertThat(CanaryJudge.z(0.99)).isCloseTo(2.326348, within(1e-5));
        assertThat(CanaryJudge.z(0.999)).isCloseTo(3.090232, within(1e-5));
        assertThat(CanaryJudge.z(0.5)).isCloseTo(0, within(1e-9));
        assertThatThrownBy(() -> new CanaryJudge(0.3)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void wilsonBoundsMatchTheFormula() {
        CanaryJudge j95 = new CanaryJudge(0.95);
        // 10 failures in 100, one-sided 95 % (z = 1.6449): [0.0607, 0.1604]
        assertThat(j95.lower(new Rate(100, 10))).isCloseTo(0.0607, within(1e-4));
        assertThat(j95.upper(new Rate(100, 10))).isCloseTo(0.1604, within(1e-4));
        // no failures: the lower bound is 0 and the upper bound shrinks with n (rule of three-ish)
        assertThat(j95.lower(new Rate(1000, 0))).isZero();
        assertThat(j95.upper(new Rate(1000, 0))).isCloseTo(0.0027, within(2e-4));
        assertThat(j95.upper(new Rate(0, 0))).isEqualTo(1);
    }

    @Test
    void tooFewInstallsWaitsEvenWhenEveryInstallSucceeded() {
        Verdict v = judge(installs(49, 0, 5000, 50), DONE);
        assertThat(v.decision()).isEqualTo("hold");
        assertThat(v.check()).isEqualTo("too-few-installs");
        assertThat(v.reason()).contains("49 canary installs of the 50 needed");
    }

    @Test
    void aYoungStepWaitsForItsMinutes() {
        Verdict v = judge(installs(500, 2, 5000, 50), Duration.ofMinutes(12));
        assertThat(v.decision()).isEqualTo("hold");
        assertThat(v.check()).isEqualTo("step-time");
        assertThat(v.reason()).contains("12 of 30 minutes");
    }

    @Test
    void enoughHealthyInstallsAfterTheStepAdvance() {
        Verdict v = judge(installs(200, 2, 5000, 50), DONE);
        assertThat(v.decision()).isEqualTo("advance");
        assertThat(v.check()).isEqualTo("healthy");
        assertThat(v.reason()).contains("1.0 %").contains("(2 of 200)");
    }

    @Test
    void aClearlyFailingCanaryAbortsAtOnceEvenBeforeTheStepTimeOrMinInstalls() {
        // 12 of 30 failed: the 99 % lower bound is far above 0.05
        Verdict v = judge(installs(30, 12, 5000, 50), Duration.ofMinutes(3));
        assertThat(v.decision()).isEqualTo("abort");
        assertThat(v.check()).isEqualTo("install-failure-rate");
        assertThat(v.reason()).contains("40.0 %").contains("12 of 30").contains("exceeds the maximum 5.0 %");
    }

    @Test
    void aCanaryWorseThanTheRatioToStableAbortsBelowTheAbsoluteMaximum() {
        // canary 4 % (40/1000) is below the 5 % maximum, lower bound 2.8 %; stable 0.5 % (50/10000), upper bound 0.69 %: 2.8 % > 2 × 0.69 %
        Verdict v = judge(installs(1000, 40, 10_000, 50), DONE);
        assertThat(v.decision()).isEqualTo("abort");
        assertThat(v.check()).isEqualTo("install-ratio-to-stable");
        assertThat(v.reason()).contains("2.0 × the stable's 0.5 %");
    }

    @Test
    void aPointEstimateAboveTheMaximumWithoutConfidenceIsInconclusiveNotPromoted() {
        // 5 of 60 = 8.3 % > 5 %, but the 99 % lower bound (3.1 %) is not above 5 %
        Verdict v = judge(installs(60, 5, 5000, 250), DONE);
        assertThat(v.decision()).isEqualTo("hold");
        assertThat(v.check()).isEqualTo("inconclusive");
    }

    @Test
    void aNoisyStableDoesNotAbortAHealthyCanary() {
        // the stable has few installs: its upper bound is wide, so the ratio check cannot fire
        Verdict v = judge(installs(400, 8, 20, 0), DONE);
        assertThat(v.decision()).isEqualTo("advance");
    }

    @Test
    void failingRendersAbortToo() {
        Comparison renders = new Comparison("render", new Rate(400, 120), new Rate(4000, 40));
        Verdict v = JUDGE.judge(installs(200, 1, 5000, 50), renders, T, DONE, null);
        assertThat(v.decision()).isEqualTo("abort");
        assertThat(v.check()).isEqualTo("render-failure-rate");
    }

    @Test
    void compatBrokenInTheCohortAbortsFirst() {
        Verdict v = JUDGE.judge(installs(0, 0, 0, 0), noRenders(), T, Duration.ZERO, "broken for sha256:ab on bigquery");
        assertThat(v.decision()).isEqualTo("abort");
        assertThat(v.check()).isEqualTo("compat-broken");
    }

    @Test
    void noStableVersionMeansOnlyTheAbsoluteCheck() {
        assertThat(judge(installs(100, 2, 0, 0), DONE).decision()).isEqualTo("advance");
    }
}
