package io.packops.alerting.upgrades;

import io.packops.alerting.peers.IngestRestClient.PackageRelease;
import io.packops.compat.manifest.SemVer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Which registered releases of a connector's dbt packages are compared: the coming ones and the one before each. */
final class PackageReleases {

    private PackageReleases() {
    }

    /** The release of the same package registered just below {@code release} by SemVer: what accounts run now. */
    static Optional<PackageRelease> previous(List<PackageRelease> all, PackageRelease release) {
        SemVer version = SemVer.tryParse(release.version()).orElse(null);
        if (version == null) {
            return Optional.empty();
        }
        return all.stream().filter(r -> r.packageName().equals(release.packageName()) && r.id() != release.id())
                .filter(r -> SemVer.tryParse(r.version()).map(v -> v.compareTo(version) < 0).orElse(false))
                .max(Comparator.comparing((PackageRelease r) -> SemVer.parse(r.version())));
    }

    /** The newest release of each package: the coming ones, which the sweep and the release gate check. */
    static List<PackageRelease> newestPerPackage(List<PackageRelease> all) {
        Map<String, PackageRelease> newest = new LinkedHashMap<>();
        for (PackageRelease r : all) {
            if (SemVer.tryParse(r.version()).isEmpty()) {
                continue;
            }
            newest.merge(r.packageName(), r, (a, b) -> SemVer.parse(a.version()).compareTo(SemVer.parse(b.version())) >= 0 ? a : b);
        }
        return new ArrayList<>(newest.values());
    }
}
