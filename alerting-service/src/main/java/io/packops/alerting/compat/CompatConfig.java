package io.packops.alerting.compat;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Compat gate and sweep settings (the sweep's cron and poll interval are read by {@code @Scheduled}). */
@ConfigMapping(prefix = "packops.compat")
public interface CompatConfig {

    /** When the sweep runs (Quartz cron with seconds); {@code off} disables it. */
    @WithDefault("0 */5 * * * ?")
    String sweepCron();

    /** How often a cheap poll looks for a new release or fingerprint (then sweeps at once); {@code off} disables it. */
    @WithDefault("30s")
    String pollEvery();

    Gate gate();

    Sweep sweep();

    interface Gate {
        /**
         * A breaking fingerprint blocks the release when it covers at least this share (0..1) of the
         * connector's accounts; 0 = any breaking fingerprint blocks.
         */
        @WithDefault("0")
        double blockShare();
    }

    interface Sweep {
        /** The same missing relation/column breaking at least this many packs of a connector is one drift alert. */
        @WithDefault("2")
        int driftMinPacks();

        /** Problems listed per alert (the rest are counted). */
        @WithDefault("20")
        int maxProblemsPerAlert();
    }
}
