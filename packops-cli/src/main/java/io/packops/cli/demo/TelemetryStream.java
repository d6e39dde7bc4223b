package io.packops.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.packops.cli.client.Api;
import io.packops.launcher.Response;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The demo's installers and dashboard viewers: every tick a few accounts ask ingest which version of their
 * connector's pack to install ({@code GET /v1/packs/{pack}/release?account=…&warehouse=…}, as a real installer
 * would), install it ({@link InstallSimulator}) and report the events ({@code POST /v1/events}). So a release,
 * a withdrawal or a rollout changes what the stream installs within a tick, and the stats follow.
 */
public final class TelemetryStream {

    /** What one round of installs did. */
    public record Round(int installs, int failed, Map<String, Integer> byVersion, int events,
                        Map<String, int[]> byWarehouse) {
        public double failureRate() {
            return installs == 0 ? 0 : (double) failed / installs;
        }
    }

    private final Api api;
    private final DemoFleet fleet;
    private final InstallSimulator simulator;
    private final Random random;
    private final Map<String, String> manifests = new ConcurrentHashMap<>();
    private final AtomicBoolean paused = new AtomicBoolean();
    private final AtomicLong sent = new AtomicLong();
    private volatile Thread thread;
    private volatile String lastError;

    public TelemetryStream(Api api, DemoFleet fleet, InstallSimulator simulator, long seed) {
        this.api = api;
        this.fleet = fleet;
        this.simulator = simulator;
        this.random = new Random(seed);
        fleet.packs().values().forEach(p -> p.manifests().forEach((v, m) -> manifests.put(p.name() + "@" + v, m)));
    }

    /** Starts the background stream: {@code installsPerTick} installs every {@code tickMillis}, until {@link #stop}. */
    public synchronized void start(int installsPerTick, long tickMillis) {
        if (thread != null) {
            return;
        }
        thread = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    if (!paused.get()) {
                        installs(fleet.accounts(), installsPerTick, Instant.now());
                        lastError = null;
                    }
                } catch (RuntimeException e) {
                    lastError = e.getMessage(); // a service restarting: try again next tick
                }
                try {
                    Thread.sleep(tickMillis);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "packops-telemetry");
        thread.setDaemon(true);
        thread.start();
    }

    public synchronized void stop() {
        if (thread != null) {
            thread.interrupt();
            thread = null;
        }
    }

    public void pause() {
        paused.set(true);
    }

    public void resume() {
        paused.set(false);
    }

    public boolean paused() {
        return paused.get();
    }

    public long eventsSent() {
        return sent.get();
    }

    public String lastError() {
        return lastError;
    }

    /**
     * {@code n} installs by accounts drawn from {@code from}, each of the version ingest serves it, reported at
     * {@code at}. Throws {@link Api.Unreachable} when ingest does not answer; a refused batch is an
     * {@link IllegalStateException} with ingest's reason.
     */
    public Round installs(List<DemoFleet.Account> from, int n, Instant at) {
        return installs(from, n, at, false);
    }

    /**
     * As {@link #installs(List, int, Instant)}; with {@code firstVersions} every account installs its pack's first
     * version without asking ingest (the seeded history, from before anything else was released).
     */
    public Round installs(List<DemoFleet.Account> from, int n, Instant at, boolean firstVersions) {
        if (from.isEmpty() || n <= 0) {
            return new Round(0, 0, Map.of(), 0, Map.of());
        }
        List<ObjectNode> events = new ArrayList<>();
        Map<String, Integer> byVersion = new java.util.TreeMap<>();
        Map<String, int[]> byWarehouse = new java.util.TreeMap<>();
        int failed = 0;
        int installs = 0;
        for (int i = 0; i < n; i++) {
            DemoFleet.Account a;
            synchronized (random) {
                a = from.get(random.nextInt(from.size()));
            }
            DemoFleet.Pack pack = fleet.packs().get(a.connector());
            String version = firstVersions ? pack.firstVersion() : servedVersion(pack.name(), a);
            if (version == null) {
                continue; // nothing released for this pack (yet, or everything withdrawn): nobody can install it
            }
            String manifest = manifest(pack.name(), version);
            if (manifest == null) {
                continue;
            }
            List<ObjectNode> es = simulator.install(a, manifest, at);
            installs++;
            byVersion.merge(version, 1, Integer::sum);
            int[] wh = byWarehouse.computeIfAbsent(a.warehouse(), w -> new int[2]);
            wh[0]++;
            if ("failed".equals(es.get(0).path("outcome").asText())) {
                failed++;
                wh[1]++;
            }
            events.addAll(es);
        }
        post(events);
        return new Round(installs, failed, byVersion, events.size(), byWarehouse);
    }

    /** Posts events in batches of 1,000 with the ingest token. */
    public void post(List<ObjectNode> events) {
        for (int from = 0; from < events.size(); from += 1_000) {
            ArrayNode batch = Api.JSON.createArrayNode();
            events.subList(from, Math.min(events.size(), from + 1_000)).forEach(batch::add);
            Response r = api.postJson(api.urls().ingest() + "/v1/events", "ingest", batch);
            if (!r.ok()) {
                throw new IllegalStateException("ingest refused telemetry: " + r.describe());
            }
            sent.addAndGet(r.body().path("accepted").asLong());
        }
    }

    /** The version ingest tells this account to install, or null when none is served. */
    String servedVersion(String pack, DemoFleet.Account a) {
        Response r = api.get(api.urls().ingest() + "/v1/packs/" + pack + "/release?account=" + Api.q(a.id())
                + "&warehouse=" + Api.q(a.warehouse()), "ingest");
        if (r.status() == 404) {
            return null;
        }
        if (!r.ok()) {
            throw new IllegalStateException("release of " + pack + ": " + r.describe());
        }
        JsonNode body = r.body();
        // a staged rollout answers the account's own version; otherwise the pack's served version
        for (String field : List.of("version", "servedVersion")) {
            if (body.hasNonNull(field) && body.get(field).isTextual()) {
                return body.get(field).asText();
            }
        }
        return null;
    }

    private String manifest(String pack, String version) {
        return manifests.computeIfAbsent(pack + "@" + version, k -> {
            Response r = api.get(api.urls().ingest() + "/v1/packs/" + pack + "/versions/" + version, "operator");
            return r.ok() && r.body().hasNonNull("manifest") ? r.body().get("manifest").asText() : null;
        });
    }
}
