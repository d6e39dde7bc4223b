package io.packops.alerting.peers;

import io.packops.alerting.peers.IngestRestClient.ConnectorFreshness;
import io.packops.alerting.peers.IngestRestClient.Freshness;
import io.packops.alerting.peers.IngestRestClient.InstallGroup;
import io.packops.alerting.peers.IngestRestClient.PackSummary;
import io.packops.alerting.peers.IngestRestClient.PackageRelease;
import io.packops.alerting.peers.IngestRestClient.PackVersion;
import io.packops.alerting.peers.IngestRestClient.SchemaBody;
import io.packops.alerting.peers.IngestRestClient.SchemaGroup;
import io.packops.alerting.peers.IngestRestClient.SchemaPage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The one bean that reads ingest-service's registry, fleet, stats and package releases (and withdraws a version for a rollback) through
 * {@link IngestRestClient}, with timeout, retry and circuit breaker for every call (a method says where it differs).
 *
 * <p>No call has a {@code @Fallback} value on purpose: every read here feeds a decision (pass a release gate, clear an
 * alert) where a default answer would be a lie. Every failure to get an answer surfaces as {@link IngestUnavailable}
 * (also an open circuit or a timeout, see {@link #isUnavailable}), so the gate answers 503 and the sweeps skip a round
 * instead of observing "all clear". 404, 409 and 400/422 are answers, never retried and never opening the circuit.
 */
@ApplicationScoped
@Timeout(value = 10, unit = ChronoUnit.SECONDS)
@Retry(maxRetries = 2, delay = 200, jitter = 100, abortOn = {IngestNotFound.class, IngestConflict.class, IngestRejected.class})
@CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 10_000,
        skipOn = {IngestNotFound.class, IngestConflict.class, IngestRejected.class})
public class IngestClient {

    /** A connector's current fleet: every distinct fingerprint, with totals over the connector. */
    public record Fleet(String connector, long totalAccounts, List<SchemaGroup> fingerprints) {
    }

    static final int SCHEMA_PAGE = 500;
    static final int PACK_PAGE = 200;
    static final int STATS_PAGE = 1000;

    @Inject
    @RestClient
    IngestRestClient client;

    /** Every current fingerprint of {@code connector} (no bodies), across pages. */
    @Timeout(value = 15, unit = ChronoUnit.SECONDS)
    public Fleet fleet(String connector) {
        return call("list schemas of " + connector, () -> {
            List<SchemaGroup> all = new ArrayList<>();
            String cursor = null;
            long total = 0;
            do {
                SchemaPage page = client.schemas(connector, false, SCHEMA_PAGE, cursor);
                total = page.totalAccounts();
                if (page.items() != null) {
                    all.addAll(page.items());
                }
                cursor = page.nextCursor();
            } while (cursor != null);
            return new Fleet(connector, total, all);
        });
    }

    /** One stored schema body; empty when ingest never received that fingerprint. */
    @Timeout(value = 15, unit = ChronoUnit.SECONDS)
    public Optional<SchemaBody> schema(String fingerprint) {
        try {
            return Optional.of(call("read schema " + fingerprint, () -> client.schema(fingerprint)));
        } catch (IngestNotFound e) {
            return Optional.empty();
        }
    }

    /**
     * Every registered release of {@code connector}'s dbt packages (without catalogs); none when ingest has no registry
     * of them (404: an ingest from before issue 21, where no release was ever registered).
     */
    public List<PackageRelease> packageReleases(String connector) {
        try {
            return call("list package releases of " + connector, () -> {
                IngestRestClient.PackageReleaseList list = client.packageReleases(connector);
                return list.items() == null ? List.<PackageRelease>of() : list.items();
            });
        } catch (IngestNotFound e) {
            return List.of();
        }
    }

    /** One package release with its catalog. */
    @Timeout(value = 15, unit = ChronoUnit.SECONDS)
    public PackageRelease packageRelease(long id) {
        return call("read package release " + id, () -> client.packageRelease(id));
    }

    /** Every pack of the registry, across pages. */
    public List<PackSummary> packs() {
        return call("list packs", () -> allItems(cursor -> client.packs(PACK_PAGE, cursor)));
    }

    /** Every version of {@code pack} (without manifests), highest first. */
    public List<PackVersion> versions(String pack) {
        return call("list versions of " + pack, () -> allItems(cursor -> client.versions(pack, PACK_PAGE, cursor)));
    }

    /** One version with its manifest text. */
    public PackVersion version(String pack, String version) {
        return call("read " + pack + " " + version, () -> client.version(pack, version));
    }

    /**
     * Install (or render) stats over {@code window} grouped by connector, pack and version, across pages.
     *
     * @param type {@code install} or {@code render}
     */
    public List<InstallGroup> installs(String window, String type) {
        return call("read " + type + " stats over " + window, () -> {
            List<InstallGroup> all = new ArrayList<>();
            String cursor = null;
            do {
                IngestRestClient.InstallStats page = client.installs(window, type, null, null, "connector,pack,version",
                        STATS_PAGE, cursor);
                all.addAll(page.groups() == null ? List.of() : page.groups());
                cursor = page.nextCursor();
            } while (cursor != null);
            return all;
        });
    }

    /** Newest telemetry overall and per connector. */
    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    public Freshness freshness() {
        return call("read telemetry freshness", () -> {
            Freshness f = client.freshness();
            return new Freshness(f.asOf(), f.newestReceivedAt(), f.connectors() == null ? List.<ConnectorFreshness>of() : f.connectors());
        });
    }

    /**
     * Withdraws a pack version ({@code POST /v1/packs/{pack}/versions/{version}/withdraw}); returns the served
     * version after it (null when nothing is active any more). Retried: ingest answers a repeated withdraw with
     * 200 and keeps the first reason.
     *
     * @throws IngestNotFound    unknown pack or version
     * @throws IngestConflict    ingest refused the withdrawal in the version's state
     * @throws IngestUnavailable ingest did not answer
     */
    public String withdraw(String pack, String version, String reason) {
        return call("withdraw " + pack + " " + version,
                () -> client.withdraw(pack, version, new IngestRestClient.WithdrawRequest(reason)).servedVersion());
    }

    /** True for every way of not getting an answer: ours, and the fault-tolerance layer's (timeout, open circuit). */
    public static boolean isUnavailable(Throwable e) {
        return e instanceof IngestUnavailable || e instanceof FaultToleranceException;
    }

    /** Every item of a paged list, following {@code nextCursor} from the first page ({@code null} cursor). */
    static <T> List<T> allItems(Function<String, IngestRestClient.Page<T>> fetch) {
        List<T> all = new ArrayList<>();
        String cursor = null;
        do {
            IngestRestClient.Page<T> page = fetch.apply(cursor);
            all.addAll(page.items() == null ? List.of() : page.items());
            cursor = page.nextCursor();
        } while (cursor != null);
        return all;
    }

    /** Runs one call of ingest, turning its HTTP answer into this package's exceptions. */
    public static <T> T call(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (WebApplicationException e) {
            int status = e.getResponse() == null ? 0 : e.getResponse().getStatus();
            if (status == 404) {
                throw new IngestNotFound("ingest-service: " + what + ": not found");
            }
            if (status == 409) {
                throw new IngestConflict("ingest-service: " + what + ": conflict");
            }
            if (status == 400 || status == 422) {
                throw new IngestRejected("ingest-service: " + what + ": rejected (HTTP " + status + ")");
            }
            throw new IngestUnavailable("ingest-service: " + what + ": HTTP " + status, e);
        } catch (ProcessingException e) {
            throw new IngestUnavailable("ingest-service: " + what + ": " + e.getMessage(), e);
        }
    }
}
