package io.packops.alerting.alerts;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** The alert lifecycle's knobs (section "Alerts" of application.properties). */
@ConfigMapping(prefix = "packops.alerts")
public interface AlertsConfig {

    /** How long a condition must stay clear before its alert auto-resolves (no flapping pages). */
    @WithDefault("10m")
    Duration keepFiring();

    /** How often the escalation tick runs ({@code @Scheduled} reads it; "off" disables it, as in tests). */
    @WithDefault("15s")
    String escalationEvery();

    /**
     * How long after the last level of a chain it starts again (when {@code repeat} > 0) if the policy does not say:
     * a chain of one level, or whose last two levels share a delay.
     */
    @WithDefault("30m")
    Duration repeatInterval();

    /**
     * Multiplies every escalation delay (1 = the policy's minutes). Only for rehearsals: {@code ./packops up} and
     * {@code ./packops drill} run with e.g. 0.05 so a 15-minute level comes after 45 s; production keeps 1.
     */
    @WithDefault("1")
    double escalationTimeScale();

    /** How often the {@code packops_alerts_active} gauges are read from the database ("off" in tests). */
    @WithDefault("15s")
    String metricsEvery();

    /** This service's public base URL, for the alert links in pages. */
    @WithDefault("http://localhost:8082")
    String baseUrl();
}
