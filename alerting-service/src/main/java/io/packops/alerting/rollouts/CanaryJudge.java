package io.packops.alerting.rollouts;

import java.time.Duration;
import java.util.Locale;

/**
 * The decision of one canary analysis, from counts alone (no I/O, no clock): abort, hold or advance.
 *
 * <p><b>Statistics.</b> Each failure rate gets a one-sided Wilson score interval at the configured confidence.
 * Abort when the canary's <em>lower</em> bound exceeds {@code maxFailureRate}, or exceeds {@code maxRatioToStable}
 * × the stable version's <em>upper</em> bound: the canary is worse with that confidence, even in the stable's
 * favour. Wilson rather than a two-proportion z-test: it stays honest at 0 failures and small counts (a z-test's
 * pooled variance collapses when the stable version has no failures, the common case, and needs np ≥ 5), and a
 * ratio between two rates is a comparison of two intervals, not a difference the z-test is built for.
 *
 * <p><b>Order.</b> An abort check wins over everything (even before {@code stepMinutes} or {@code minInstalls}:
 * a canary failing for sure need not wait). Otherwise hold while the step is younger than {@code stepMinutes},
 * while the canary has fewer than {@code minInstalls} installs (never promote on too little data), and while a
 * point estimate is above a limit without the confidence to abort (inconclusive: more data decides). Else advance.
 */
public final class CanaryJudge {

    public static final String ADVANCE = "advance";
    public static final String HOLD = "hold";
    public static final String ABORT = "abort";

    /** Attempts and failures of one version over the window. */
    public record Rate(long attempts, long failed) {
        public Double rate() {
            return attempts == 0 ? null : (double) failed / attempts;
        }
    }

    /** One type (install or render) of the comparison. */
    public record Comparison(String type, Rate canary, Rate stable) {
    }

    public record Thresholds(double maxFailureRate, double maxRatioToStable, int minInstalls, int stepMinutes) {
    }

    /** The decision, the check that drove it and a sentence with the numbers. */
    public record Verdict(String decision, String check, String reason) {
    }

    private final double confidence;
    private final double z;

    public CanaryJudge(double confidence) {
        if (!(confidence >= 0.5 && confidence <= 0.9999)) {
            throw new IllegalArgumentException("confidence must be between 0.5 and 0.9999, found " + confidence);
        }
        this.confidence = confidence;
        this.z = z(confidence);
    }

    public double confidence() {
        return confidence;
    }

    public double zScore() {
        return z;
    }

    /** Lower bound of the one-sided Wilson score interval (0 with no attempts). */
    public double lower(Rate r) {
        return wilson(r, -1);
    }

    /** Upper bound of the one-sided Wilson score interval (1 with no attempts). */
    public double upper(Rate r) {
        return wilson(r, +1);
    }

    private double wilson(Rate r, int sign) {
        if (r.attempts() == 0) {
            return sign < 0 ? 0 : 1;
        }
        double n = r.attempts();
        double p = (double) r.failed() / n;
        double z2 = z * z;
        double centre = p + z2 / (2 * n);
        double half = z * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        return Math.min(1, Math.max(0, (centre + sign * half) / (1 + z2 / n)));
    }

    /**
     * @param installs        canary vs stable installs
     * @param renders         canary vs stable renders
     * @param stepElapsed     time since the step began
     * @param compatBroken    a sentence naming fingerprints of the cohort the canary does not compile against, or null
     */
    public Verdict judge(Comparison installs, Comparison renders, Thresholds t, Duration stepElapsed, String compatBroken) {
        if (compatBroken != null) {
            return new Verdict(ABORT, "compat-broken", compatBroken);
        }
        for (Comparison c : new Comparison[]{installs, renders}) {
            double lower = lower(c.canary());
            if (lower > t.maxFailureRate()) {
                return new Verdict(ABORT, c.type() + "-failure-rate", String.format(Locale.ROOT,
                        "canary %s failure rate %s (%d of %d; %s lower bound %s) exceeds the maximum %s",
                        c.type(), pct(c.canary().rate()), c.canary().failed(), c.canary().attempts(), pct(confidence), pct(lower),
                        pct(t.maxFailureRate())));
            }
            if (c.stable().attempts() > 0 && lower > t.maxRatioToStable() * upper(c.stable())) {
                return new Verdict(ABORT, c.type() + "-ratio-to-stable", String.format(Locale.ROOT,
                        "canary %s failure rate %s (%d of %d; lower bound %s) exceeds %s × the stable's %s (%d of %d; upper bound %s) at %s confidence",
                        c.type(), pct(c.canary().rate()), c.canary().failed(), c.canary().attempts(), pct(lower),
                        num(t.maxRatioToStable()), pct(c.stable().rate()), c.stable().failed(), c.stable().attempts(),
                        pct(upper(c.stable())), pct(confidence)));
            }
        }
        long minutes = stepElapsed.toMinutes();
        if (stepElapsed.compareTo(Duration.ofMinutes(t.stepMinutes())) < 0) {
            return new Verdict(HOLD, "step-time", String.format(Locale.ROOT, "%d of %d minutes of this step have passed",
                    minutes, t.stepMinutes()));
        }
        if (installs.canary().attempts() < t.minInstalls()) {
            return new Verdict(HOLD, "too-few-installs", String.format(Locale.ROOT,
                    "%d canary installs of the %d needed to promote; waiting", installs.canary().attempts(), t.minInstalls()));
        }
        for (Comparison c : new Comparison[]{installs, renders}) {
            Double rate = c.canary().rate();
            if (rate == null) {
                continue;
            }
            if (rate > t.maxFailureRate()
                    || (c.stable().attempts() > 0 && rate > t.maxRatioToStable() * upper(c.stable()))) {
                return new Verdict(HOLD, "inconclusive", String.format(Locale.ROOT,
                        "canary %s failure rate %s (%d of %d) is above a limit (maximum %s, or %s × the stable's %s) but not at %s confidence; waiting for more data",
                        c.type(), pct(rate), c.canary().failed(), c.canary().attempts(), pct(t.maxFailureRate()),
                        num(t.maxRatioToStable()), pct(c.stable().rate()), pct(confidence)));
            }
        }
        return new Verdict(ADVANCE, "healthy", String.format(Locale.ROOT,
                "after %d minutes: canary install failure rate %s (%d of %d) vs stable %s (%d of %d); renders %s vs %s",
                minutes, pct(installs.canary().rate()), installs.canary().failed(), installs.canary().attempts(),
                pct(installs.stable().rate()), installs.stable().failed(), installs.stable().attempts(),
                pct(renders.canary().rate()), pct(renders.stable().rate())));
    }

    /**
     * The standard normal quantile Φ⁻¹(p) (Acklam's rational approximation, relative error below 1.2e-9): the
     * one-sided z of a confidence level, 1.6449 for 0.95, 2.3263 for 0.99.
     */
    public static double z(double p) {
        double[] a = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02,
                -3.066479806614716e+01, 2.506628277459239e+00};
        double[] b = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01,
                -1.328068155288572e+01};
        double[] c = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00,
                4.374664141464968e+00, 2.938163982698783e+00};
        double[] d = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00};
        double low = 0.02425;
        if (p < low) {
            double q = Math.sqrt(-2 * Math.log(p));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                    / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        if (p > 1 - low) {
            return -z(1 - p);
        }
        double q = p - 0.5;
        double r = q * q;
        return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
                / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    }

    static String pct(Double rate) {
        return rate == null ? "n/a" : String.format(Locale.ROOT, "%.1f %%", rate * 100);
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
