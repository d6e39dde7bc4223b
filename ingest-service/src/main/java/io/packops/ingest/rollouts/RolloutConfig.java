package io.packops.ingest.rollouts;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "packops.rollouts")
public interface RolloutConfig {

    /** How often the rollout gauges are read again from the database ({@code off} in tests). */
    @WithDefault("15s")
    String metricsEvery();

    /** An ended rollout stays on the gauges (state promoted/aborted) this long after it ended. */
    @WithDefault("7D")
    Duration metricsKeep();
}
