package io.packops.alerting.upgrades;

import io.packops.alerting.peers.IngestClient;
import io.packops.alerting.peers.IngestRestClient.PackSummary;
import io.packops.alerting.peers.IngestRestClient.PackageRelease;
import io.packops.alerting.system.SweepMetrics;
import io.packops.alerting.system.Sweeps;
import io.packops.servicekit.once.OncePerInterval;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Every {@code packops.upgrades.sweep-every}: the coming release of each package of each connector that has packs
 * (the newest registered) checked again, as the fleet's schemas and the served and held pack versions move, so an
 * alert's blast radius stays current and clears once a fixed pack version replaces the broken one. Once per interval
 * across replicas ({@link OncePerInterval}, through {@link Sweeps}); ingest unreachable: nothing is observed (never a
 * false "clear").
 */
@ApplicationScoped
public class PackageUpgradeSweep {

    /** The job's name: its slot in {@code sweep_claims} and its lock. */
    public static final String JOB = "package-upgrade-sweep";

    @Inject
    IngestClient ingest;
    @Inject
    PackageUpgradeService upgrades;
    @Inject
    Sweeps sweeps;
    @ConfigProperty(name = "packops.upgrades.sweep-every", defaultValue = "5m")
    String sweepEvery;

    @Scheduled(identity = JOB, every = "${packops.upgrades.sweep-every:5m}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled(ScheduledExecution execution) {
        // each replica's schedule has its own phase: the first run of a slot across replicas sweeps
        sweeps.scheduled(SweepMetrics.UPGRADES, JOB, OncePerInterval.every(sweepEvery), execution.getScheduledFireTime(),
                this::sweepOnce, reports -> reports != null);
    }

    /** The reports of this sweep; empty when another replica sweeps or ingest is unavailable. */
    public List<UpgradeReport> sweep() {
        OncePerInterval.Run<List<UpgradeReport>> run = sweeps.now(SweepMetrics.UPGRADES, JOB, this::sweepOnce,
                reports -> reports != null);
        return run.ran() && run.value() != null ? run.value() : List.of();
    }

    /** Null when ingest is unavailable (the run did not do its job). */
    private List<UpgradeReport> sweepOnce() {
        try {
            TreeSet<String> connectors = new TreeSet<>();
            for (PackSummary p : ingest.packs()) {
                if (p.activeVersions() > 0 && p.connector() != null) {
                    connectors.add(p.connector());
                }
            }
            List<UpgradeReport> out = new ArrayList<>();
            for (String connector : connectors) {
                for (PackageRelease coming : PackageReleases.newestPerPackage(ingest.packageReleases(connector))) {
                    out.add(upgrades.check(coming.id()));
                }
            }
            return out;
        } catch (RuntimeException e) {
            if (!IngestClient.isUnavailable(e)) {
                throw e;
            }
            Log.warnf("package upgrade sweep skipped: ingest-service unavailable (%s)", e.getMessage());
            return null;
        }
    }
}
