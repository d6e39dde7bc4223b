package io.packops.alerting.upgrades;

import io.packops.alerting.client.IngestService;
import io.packops.alerting.client.IngestService.IngestConflictException;
import io.packops.alerting.client.IngestService.IngestNotFoundException;
import io.packops.alerting.client.IngestService.IngestRejectedException;
import io.packops.alerting.upgrades.PackageReleaseClient.Release;
import io.packops.compat.manifest.SemVer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The registered releases of connectors' dbt packages, read from ingest with the same timeout, retry and circuit
 * breaker as every ingest read (no fallback: a check without the releases must not say "clean").
 */
@ApplicationScoped
public class PackageReleases {

    @Inject
    @RestClient
    PackageReleaseClient client;

    /** Every release of {@code connector}'s packages (without catalogs); none when ingest has no registry of them. */
    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200, jitter = 100, abortOn = {IngestNotFoundException.class, IngestConflictException.class, IngestRejectedException.class})
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 10_000, skipOn = {IngestNotFoundException.class, IngestConflictException.class, IngestRejectedException.class})
    public List<Release> list(String connector) {
        try {
            return IngestService.call("list package releases of " + connector, () -> {
                PackageReleaseClient.ReleaseList list = client.list(connector);
                return list.items() == null ? List.<Release>of() : list.items();
            });
        } catch (IngestNotFoundException e) {
            return List.of(); // an ingest from before issue 21: no release was ever registered there
        }
    }

    /** One release with its catalog. */
    @Timeout(value = 15, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200, jitter = 100, abortOn = {IngestNotFoundException.class, IngestConflictException.class, IngestRejectedException.class})
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 10_000, skipOn = {IngestNotFoundException.class, IngestConflictException.class, IngestRejectedException.class})
    public Release one(long id) {
        return IngestService.call("read package release " + id, () -> client.one(id));
    }

    /** The release of the same package registered just below {@code release} by SemVer: what accounts run now. */
    public static Optional<Release> previous(List<Release> all, Release release) {
        SemVer version = SemVer.tryParse(release.version()).orElse(null);
        if (version == null) {
            return Optional.empty();
        }
        return all.stream().filter(r -> r.packageName().equals(release.packageName()) && r.id() != release.id())
                .filter(r -> SemVer.tryParse(r.version()).map(v -> v.compareTo(version) < 0).orElse(false))
                .max(Comparator.comparing(r -> SemVer.parse(r.version())));
    }

    /** The newest release of each package: the coming ones, which the sweep and the release gate check. */
    public static List<Release> newestPerPackage(List<Release> all) {
        Map<String, Release> newest = new LinkedHashMap<>();
        for (Release r : all) {
            if (SemVer.tryParse(r.version()).isEmpty()) {
                continue;
            }
            newest.merge(r.packageName(), r, (a, b) -> SemVer.parse(a.version()).compareTo(SemVer.parse(b.version())) >= 0 ? a : b);
        }
        return new ArrayList<>(newest.values());
    }
}
