package io.packops.alerting.rollouts;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Canary analysis of staged rollouts (the interval is read by {@code @Scheduled}). */
@ConfigMapping(prefix = "packops.rollouts")
public interface RolloutsConfig {

    /** How often each progressing rollout is analysed; {@code off} disables it (tests call the analysis). */
    @WithDefault("1m")
    String analyseEvery();

    /**
     * One-sided confidence of the Wilson score bounds an abort needs (0.5 to 0.9999). High by default because the
     * same growing window is looked at every interval: repeated looks at 95 % would abort healthy canaries too often.
     */
    @WithDefault("0.99")
    double confidence();

    /** Failure fingerprints new in the canary listed in the abort page. */
    @WithDefault("10")
    int maxNewFailures();
}
