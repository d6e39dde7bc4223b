package io.packops.alerting.alerts;

import io.packops.alerting.peers.IngestClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import io.packops.alerting.peers.IngestRestClient.InstallGroup;
import io.packops.alerting.peers.IngestRestClient.PackVersion;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Records withdrawals and answers the served version after them, or fails like an unreachable ingest. */
@Alternative
@ApplicationScoped
public class FakeIngest extends IngestClient {

    public record Withdrawal(String pack, String version, String reason) {
    }

    private final List<Withdrawal> withdrawals = new ArrayList<>();
    private volatile boolean failing;
    private final Map<String, List<PackVersion>> versions = new HashMap<>();
    private final Map<String, List<InstallGroup>> installs = new HashMap<>();

    /** Versions of a pack, highest first, each {@code "1.1.0:active"} or {@code "1.0.0:withdrawn"}. */
    public synchronized void versions(String pack, String... versionStatus) {
        List<PackVersion> list = new ArrayList<>();
        for (String vs : versionStatus) {
            String[] p = vs.split(":");
            list.add(new PackVersion(pack, p[0], "stripe", p[1], Instant.parse("2026-11-01T00:00:00Z"), null, null));
        }
        versions.put(pack, list);
    }

    /** Install stats over {@code window} (e.g. {@code 15m}) for one pack version. */
    public synchronized void installs(String window, String pack, String version, long attempts, long failed) {
        installs.computeIfAbsent(window, w -> new ArrayList<>())
                .add(new InstallGroup("stripe", pack, version, null, attempts, attempts - failed, failed, attempts / 2));
    }

    @Override
    public synchronized List<PackVersion> versions(String pack) {
        if (failing) {
            throw new IllegalStateException("ingest-service unreachable: connection refused");
        }
        return List.copyOf(versions.getOrDefault(pack, List.of()));
    }

    @Override
    public synchronized List<InstallGroup> installs(String window, String type) {
        if (failing) {
            throw new IllegalStateException("ingest-service unreachable: connection refused");
        }
        return "install".equals(type) ? List.copyOf(installs.getOrDefault(window, List.of())) : List.of();
    }

    @Override
    public synchronized String withdraw(String pack, String version, String reason) {
        if (failing) {
            throw new IllegalStateException("ingest-service unreachable: connection refused");
        }
        withdrawals.add(new Withdrawal(pack, version, reason));
        return "1.0.0";
    }

    public synchronized List<Withdrawal> withdrawals() {
        return List.copyOf(withdrawals);
    }

    public void failing(boolean fail) {
        failing = fail;
    }

    public synchronized void reset() {
        withdrawals.clear();
        versions.clear();
        installs.clear();
        failing = false;
    }
}
