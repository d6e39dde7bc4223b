package io.packops.alerting.upgrades;

import io.packops.alerting.client.IngestClient.PackSummary;
import io.packops.alerting.client.IngestService;
import io.packops.alerting.repository.SweepLock;
import io.packops.alerting.upgrades.PackageReleaseClient.Release;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Every {@code packops.upgrades.sweep-every}: the coming release of each package of each connector that has packs
 * (the newest registered) checked again, as the fleet's schemas and the served and held pack versions move, so an
 * alert's blast radius stays current and clears once a fixed pack version replaces the broken one. One replica at a
 * time ({@link SweepLock}); ingest unreachable: nothing is observed (never a false "clear").
 */
@ApplicationScoped
public class PackageUpgradeSweep {

    static final long LOCK_KEY = 0x7061636b75706772L; // "packupgr"

    @Inject
    IngestService ingest;
    @Inject
    PackageReleases releases;
    @Inject
    PackageUpgradeService upgrades;
    @Inject
    SweepLock lock;

    @Scheduled(identity = "package-upgrade-sweep", every = "${packops.upgrades.sweep-every:5m}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        sweep();
    }

    /** The reports of this sweep; empty when another replica sweeps or ingest is unavailable. */
    public List<UpgradeReport> sweep() {
        try {
            return lock.runExclusively(LOCK_KEY, this::sweepLocked).orElse(List.of());
        } catch (RuntimeException e) {
            if (!IngestService.isUnavailable(e)) {
                throw e;
            }
            Log.warnf("package upgrade sweep skipped: ingest-service unavailable (%s)", e.getMessage());
            return List.of();
        }
    }

    private List<UpgradeReport> sweepLocked() {
        TreeSet<String> connectors = new TreeSet<>();
        for (PackSummary p : ingest.packs()) {
            if (p.activeVersions() > 0 && p.connector() != null) {
                connectors.add(p.connector());
            }
        }
        List<UpgradeReport> out = new ArrayList<>();
        for (String connector : connectors) {
            for (Release coming : PackageReleases.newestPerPackage(releases.list(connector))) {
                out.add(upgrades.check(coming.id()));
            }
        }
        return out;
    }
}
