package io.packops.alerting.upgrades;

import io.packops.alerting.compat.ComingReleases.Issue;
import io.packops.alerting.compat.ComingReleases.Tile;
import io.packops.alerting.compat.CompatService;
import io.packops.alerting.compat.FingerprintVerdict;
import io.packops.alerting.peers.IngestClient;
import io.packops.alerting.peers.IngestRestClient.SchemaGroup;
import io.packops.alerting.peers.IngestUnavailable;
import io.packops.alerting.upgrades.PackageUpgradeService.Candidate;
import io.packops.alerting.upgrades.UpgradeReport.PackResult;
import io.packops.compat.check.Problem;
import io.packops.compat.schema.WarehouseSchema;
import io.packops.compat.upgrade.BrokenItem;
import io.packops.compat.upgrade.UpgradeCheck;
import io.packops.compat.upgrade.UpgradeDiff;
import io.packops.compat.upgrade.UpgradeOutcome;
import io.packops.compat.upgrade.UpgradeProblem;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One upgrade diff over one connector's fleet: per current fingerprint and warehouse (the SQL dialect decides what
 * compiles), every candidate pack version checked before and after the diff is applied. The accounts of a fingerprint
 * that breaks are those of its breaking warehouses: the blast radius when they upgrade. Accounts already on the new
 * release do not count: their fingerprint has its models, which the diff leaves as they are.
 */
final class FleetUpgradeCheck {

    private final CompatService compat;
    private final String connector;
    private final IngestClient.Fleet fleet;
    private final UpgradeCheck check = new UpgradeCheck();

    FleetUpgradeCheck(CompatService compat, String connector, IngestClient.Fleet fleet) {
        this.compat = compat;
        this.connector = connector;
        this.fleet = fleet;
    }

    /** What the diff does to each candidate, in candidate order. */
    List<PackResult> run(UpgradeDiff diff, List<Candidate> candidates) {
        List<Tally> tallies = candidates.stream().map(Tally::new).toList();
        for (SchemaGroup group : fleet.fingerprints()) {
            WarehouseSchema body = compat.schemaOf(group.fingerprint(), connector, group.warehouses());
            if (body == null) {
                // listed as current a moment ago but its body is gone: the fleet changed under us, ask again later
                throw new IngestUnavailable(
                        "ingest-service listed fingerprint " + group.fingerprint() + " but has no body for it", null);
            }
            for (String warehouse : FingerprintVerdict.warehousesOf(group)) {
                WarehouseSchema member = warehouse.isEmpty() ? body : body.withEnvelope(null, connector, warehouse, null);
                for (Tally t : tallies) {
                    t.add(group, warehouse, check.check(t.candidate.compiled(), member, diff).outcome());
                }
            }
        }
        return tallies.stream().map(Tally::result).toList();
    }

    /** One candidate's findings across the fleet. */
    private static final class Tally {
        final Candidate candidate;
        long accounts;
        final Map<String, Long> byWarehouse = new TreeMap<>();
        final Map<String, Long> byPackageVersion = new TreeMap<>();
        final Set<String> fingerprints = new LinkedHashSet<>();
        final Map<String, Tile> tiles = new LinkedHashMap<>();
        final Set<String> alreadyBroken = new LinkedHashSet<>();

        Tally(Candidate candidate) {
            this.candidate = candidate;
        }

        void add(SchemaGroup group, String warehouse, UpgradeOutcome outcome) {
            outcome.alreadyBroken().forEach(b -> alreadyBroken.add(b.item().label()));
            if (!outcome.breaks()) {
                return;
            }
            long n = FingerprintVerdict.accountsOn(group, warehouse);
            accounts += n;
            byWarehouse.merge(warehouse, n, Long::sum);
            if (fingerprints.add(group.fingerprint()) && group.accountsByPackageVersion() != null) {
                // ingest splits a fingerprint's accounts by package version, not by warehouse and version together
                group.accountsByPackageVersion().forEach((v, c) -> byPackageVersion.merge(v, c, Long::sum));
            }
            for (BrokenItem b : outcome.broken()) {
                tiles.putIfAbsent(b.item().label(), new Tile(b.item().label(), b.problems().stream()
                        .map(Tally::issue).toList()));
            }
        }

        PackResult result() {
            boolean breaks = accounts > 0 || !tiles.isEmpty();
            List<String> stillBroken = new ArrayList<>(alreadyBroken);
            stillBroken.removeAll(tiles.keySet());
            return new PackResult(candidate.pack(), candidate.version(), candidate.served(), breaks, accounts,
                    byWarehouse, byPackageVersion.isEmpty() ? null : byPackageVersion,
                    List.copyOf(fingerprints), List.copyOf(tiles.values()), stillBroken);
        }

        private static Issue issue(UpgradeProblem u) {
            Problem p = u.problem();
            return new Issue(p.code(), p.relation(), p.column(), p.fileLine(), p.detail(), u.cause(), u.didYouMean());
        }
    }
}
