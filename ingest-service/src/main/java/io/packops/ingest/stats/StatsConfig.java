package io.packops.ingest.stats;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "packops.stats")
public interface StatsConfig {

    /**
     * Windows up to this long are answered from raw events alone, with exact distinct accounts;
     * longer ones use the rollups (exact counts, estimated accounts).
     */
    @WithDefault("1H")
    Duration exactWindow();

    /**
     * The same for failure stats: failed events are a few percent of all, and a covering partial index
     * makes reading them raw cheaper than merging a day of hourly failure rollups.
     */
    @WithDefault("24H")
    Duration failuresExactWindow();

    /** How often the refresh job folds changes into the rollups ({@code off} disables it, as in tests). */
    @WithDefault("5s")
    String refreshEvery();

    /** Dirty hours folded into the rollups per transaction of the refresh job. */
    @WithDefault("24")
    int refreshBatchHours();

    /** How long one run of the refresh job may keep working through a backlog. */
    @WithDefault("20S")
    Duration refreshBudget();
}
