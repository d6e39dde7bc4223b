package io.packops.alerting.rules;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/**
 * Install-health rules: where the rules YAML is ({@code ALERTING_RULES_FILE}; the packaged
 * {@code rules.yaml} when unset) and how often they are evaluated.
 */
@ConfigMapping(prefix = "packops.rules")
public interface RulesConfig {

    /** A rules YAML file (e.g. a mounted ConfigMap); the packaged default when empty. */
    Optional<String> file();

    /** A duration such as {@code 15s}, read by {@code @Scheduled}; {@code off} disables the schedule (tests). */
    @WithDefault("15s")
    String evaluateEvery();

    /** How often alerting checks its peers' {@code /q/health/ready} ({@code dependency-down}); {@code off} in tests. */
    @WithDefault("30s")
    String peerCheckEvery();

    /** A peer failing its readiness check for longer than this fires {@code dependency-down}. */
    @WithDefault("2m")
    Duration peerDownAfter();
}
