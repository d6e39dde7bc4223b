package io.packops.cli.drill;

import io.packops.cli.demo.DemoFleet;
import io.packops.cli.demo.TelemetryStream;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Installs a drill drives in the background: every second {@code perSecond} installs by the given accounts, each of
 * the version ingest serves it. Keeps the rounds so a step can ask "what happened since then".
 */
final class InstallLoad implements AutoCloseable {

    record Sample(Instant at, TelemetryStream.Round round) {
    }

    private final List<Sample> samples = new ArrayList<>();
    private final Thread thread;
    private volatile String lastError;

    InstallLoad(TelemetryStream installer, List<DemoFleet.Account> accounts, int perSecond) {
        thread = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    TelemetryStream.Round r = installer.installs(accounts, perSecond, Instant.now());
                    synchronized (samples) {
                        samples.add(new Sample(Instant.now(), r));
                    }
                    lastError = null;
                } catch (RuntimeException e) {
                    lastError = e.getMessage();
                }
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "packops-drill-installs");
        thread.setDaemon(true);
        thread.start();
    }

    String lastError() {
        return lastError;
    }

    /** Installs of {@code version} (null = any) reported after {@code since}: {installs, failed}, and per warehouse. */
    Totals since(Instant since, String version) {
        int installs = 0;
        int failed = 0;
        Map<String, int[]> byWarehouse = new TreeMap<>();
        synchronized (samples) {
            for (Sample s : samples) {
                if (s.at().isBefore(since)) {
                    continue;
                }
                if (version != null && !s.round().byVersion().containsKey(version)) {
                    continue;
                }
                if (version != null && s.round().byVersion().size() > 1) {
                    continue; // a round that straddled the rollback: counted in neither version
                }
                installs += s.round().installs();
                failed += s.round().failed();
                s.round().byWarehouse().forEach((w, c) -> {
                    int[] t = byWarehouse.computeIfAbsent(w, k -> new int[2]);
                    t[0] += c[0];
                    t[1] += c[1];
                });
            }
        }
        return new Totals(installs, failed, byWarehouse);
    }

    record Totals(int installs, int failed, Map<String, int[]> byWarehouse) {
        double rate() {
            return installs == 0 ? 0 : (double) failed / installs;
        }

        String describe() {
            StringBuilder s = new StringBuilder(String.format(java.util.Locale.ROOT, "%d of %d installs failed (%.0f %%)", failed,
                    installs, 100 * rate()));
            if (!byWarehouse.isEmpty()) {
                s.append(": ");
                List<String> parts = new ArrayList<>();
                byWarehouse.forEach((w, c) -> parts.add(String.format(java.util.Locale.ROOT, "%s %d/%d", w, c[1], c[0])));
                s.append(String.join(", ", parts));
            }
            return s.toString();
        }

        long warehousesMostlyFailing() {
            return byWarehouse.values().stream().filter(c -> c[0] > 0 && c[1] * 2 > c[0]).count();
        }
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
