package io.packops.ingest.rollouts;

import java.util.List;

/**
 * A validated rollout request: canary steps (percentages, strictly increasing, ending at 100), minutes per
 * step, analysis thresholds, and the cohort's warehouses (null = every account).
 */
public record RolloutSpec(List<Integer> steps, int stepMinutes, double maxFailureRate, double maxRatioToStable,
                          int minInstalls, List<String> cohortWarehouses, String reason) {

    public static final double DEFAULT_MAX_FAILURE_RATE = 0.05;
    public static final double DEFAULT_MAX_RATIO_TO_STABLE = 2.0;
    public static final int DEFAULT_MIN_INSTALLS = 50;
}
