package io.packops.alerting.alerts.retention;

import io.packops.servicekit.retention.Retention;
import io.packops.servicekit.retention.RetentionJob;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;

/**
 * Prunes alerts resolved more than {@code packops.retention.resolved-alerts} (180 days) ago, with their timeline
 * ({@code alert_events} goes with its alert: {@code on delete cascade}). Firing and acknowledged alerts stay however
 * old. Once per {@code packops.retention.prune-every} across replicas (job {@value #JOB}), in batches (service-kit's
 * {@link Retention} runs it).
 */
@Singleton
public class AlertRetention extends RetentionJob {

    /** The job's name in {@code sweep_claims} and its advisory lock. */
    static final String JOB = "alert-retention";

    private static final String PRUNE = """
            delete from alerts where id in (
              select id from alerts where state = 'resolved' and resolved_at < ? limit ?)""";

    AlertRetention(Retention retention,
                   @ConfigProperty(name = "packops.retention.resolved-alerts", defaultValue = "180D") Duration keep) {
        super(retention, JOB, "resolved alerts (with their events)", keep, PRUNE, 1);
    }
}
