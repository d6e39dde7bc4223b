package io.packops.cli.drill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.packops.cli.client.Api;
import io.packops.cli.demo.DemoFleet;
import io.packops.compat.manifest.SemVer;
import io.packops.launcher.Response;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code canary-abort}: a new pack version goes out as a staged rollout (10 %, then 50 %, then everyone) and fails on
 * BigQuery only. Expected: the canary analysis aborts it at the first step, every account is served the stable version
 * again, the owner is paged with the comparison; the report says how many accounts ever installed the bad version.
 */
final class CanaryAbortScenario implements Scenario {

    static final int FIRST_STEP = 10;

    @Override
    public String name() {
        return "canary-abort";
    }

    @Override
    public String rehearses() {
        return "a staged rollout whose canary fails on BigQuery only: aborted at the first step, the stable version served to all, "
                + "the owner paged";
    }

    @Override
    public void run(Drill d) throws Drill.Failed, InterruptedException {
        Rollout rollout = new Rollout(d);
        rollout.resetEarlierRun();
        rollout.publishedHeld();
        rollout.started();
        Set<String> sawCanary = ConcurrentHashMap.newKeySet();
        long seq0 = d.lastPageSeq();
        Thread installs = new Thread(() -> install(d, rollout.packName, rollout.canary, rollout.accounts, sawCanary), "packops-drill-canary");
        installs.setDaemon(true);
        installs.start();
        try {
            rollout.abortedAtTheFirstStep();
            installs.interrupt();
            rollout.stableServedToEveryAccount();
            JsonNode alert = rollout.ownerPaged(seq0);
            rollout.blastRadius(sawCanary);
            d.resolve(alert.path("id").asLong(), "drill canary-abort: aborted, stable served");
            d.pass("resolved", "alert #" + alert.path("id").asLong());
        } finally {
            installs.interrupt();
        }
        d.nothingLeftFiring("drill canary-abort: the canary is aborted, nobody installs it any more", Duration.ofSeconds(60));
    }

    /** One staged rollout of a canary version, step by step. */
    private static final class Rollout {
        final Drill d;
        final Api api;
        final String ingest;
        final DemoFleet.Pack pack;
        final long bigQueryInFirstStep;
        final String packName;
        final List<DemoFleet.Account> accounts;
        final String stable;
        final String canary;
        final String canaryManifest;
        final Map<String, String> labels;
        Instant start;
        String id;

        /** The pack whose first 10 % holds the most BigQuery accounts, and its next patch version as the canary. */
        Rollout(Drill d) throws Drill.Failed {
            this.d = d;
            this.api = d.api;
            this.ingest = api.urls().ingest();
            DemoFleet.Pack chosen = null;
            long best = 0;
            for (DemoFleet.Pack p : d.fleet.packs().values()) {
                long bq = d.fleet.accounts(p.connector()).stream()
                        .filter(a -> a.warehouse().equals("bigquery") && bucket(api, p.name(), a) < FIRST_STEP).count();
                if (bq > best) {
                    best = bq;
                    chosen = p;
                }
            }
            if (chosen == null) {
                throw d.fail("prepare", "no pack has a BigQuery account among its first " + FIRST_STEP + " % of accounts");
            }
            this.pack = chosen;
            this.bigQueryInFirstStep = best;
            this.packName = pack.name();
            this.accounts = d.fleet.accounts(pack.connector());
            this.stable = api.get(ingest + "/v1/packs/" + packName + "/release", "operator").body().path("servedVersion").asText(null);
            String stableManifest = stable == null ? null : d.manifest(pack, stable);
            if (stableManifest == null) {
                throw d.fail("prepare", packName + " serves " + stable + ", which is neither under packs/ nor in ingest (run ./packops up to seed the demo)");
            }
            SemVer s = SemVer.parse(stable);
            this.canary = SemVer.of(s.major(), s.minor(), s.patch() + 1).toString();
            this.canaryManifest = Drill.withVersion(stableManifest, canary);
            this.labels = Map.of("pack", packName, "version", canary);
        }

        /** What an earlier run left: a running rollout of the pack, an active rollout-aborted alert. */
        void resetEarlierRun() {
            for (String state : List.of("progressing", "paused")) {
                for (JsonNode r : api.get(ingest + "/v1/rollouts?pack=" + packName + "&state=" + state, "operator").body().path("items")) {
                    api.postJson(ingest + "/v1/packs/" + packName + "/versions/" + r.path("canaryVersion").asText(r.path("version").asText())
                            + "/rollout/abort", "operator", Map.of("reason", "drill canary-abort: reset before the rehearsal"));
                    d.note("reset: aborted rollout " + r.path("id").asText() + " left by an earlier run");
                }
            }
            for (String rule : List.of("rollout-aborted", "install-failure-rate", "install-slo-burn", "pack-compat-broken")) {
                d.owns(rule, labels);
            }
            Optional<JsonNode> left = d.alert("rollout-aborted", labels, "firing", "acknowledged");
            if (left.isPresent()) {
                d.resolve(left.get().path("id").asLong(), "drill canary-abort: reset before the rehearsal");
            }
            d.pass("stable version served", packName + " " + stable + "; " + bigQueryInFirstStep + " BigQuery account(s) fall in the first "
                    + FIRST_STEP + " %");
        }

        /** Published held: nobody is served the canary before its rollout decides who is. */
        void publishedHeld() throws Drill.Failed {
            Response published = api.post(ingest + "/v1/packs?hold=true", "operator", "application/yaml", canaryManifest);
            if (!published.ok()) {
                throw d.fail("publish " + canary, published.describe());
            }
            String servedBefore = api.get(ingest + "/v1/packs/" + packName + "/release", "operator").body()
                    .path("servedVersion").asText(null);
            if (stable.equals(servedBefore)) {
                d.pass("published " + canary + " held for its rollout", "installers still get " + stable);
            } else {
                d.gap("publishing " + canary + " before its rollout served " + servedBefore + " to everyone in between "
                        + "(published " + (published.body().path("heldForRollout").asBoolean() ? "held" : "not held") + ")");
            }
        }

        void started() throws Drill.Failed {
            start = Instant.now();
            Map<String, Object> body = Map.of("steps", List.of(FIRST_STEP, 50, 100), "stepMinutes", 30,
                    "analysis", Map.of("maxFailureRate", 0.05, "maxRatioToStable", 2.0, "minInstalls", 50),
                    "reason", "drill canary-abort");
            Response started = api.postJson(ingest + "/v1/packs/" + packName + "/versions/" + canary + "/rollout", "operator", body);
            if (!started.ok()) {
                throw d.fail("rollout started", "POST …/rollout: " + started.describe());
            }
            id = started.body().path("id").asText();
            d.lookAt("rollout " + id + ": " + ingest + "/v1/rollouts/" + id);
            d.pass("rollout started", packName + " " + canary + " to " + FIRST_STEP + " %, then 50 %, then everyone (rollout " + id + ")");
        }

        void abortedAtTheFirstStep() throws Drill.Failed {
            JsonNode aborted = d.await("canary aborted at the first step", Duration.ofSeconds(180), () -> {
                JsonNode r = api.get(ingest + "/v1/rollouts/" + id, "operator").body();
                return r.path("state").asText().equals("aborted") ? r : null;
            }, r -> describeAbort(r));
            JsonNode last = lastAbort(aborted);
            if (last != null && last.path("fromStep").asInt(FIRST_STEP) != FIRST_STEP) {
                throw d.fail("canary aborted at the first step", "aborted from step " + last.path("fromStep").asInt());
            }
            d.measure("time to abort (rollout started → aborted)", Duration.between(start, Instant.now()));
        }

        void stableServedToEveryAccount() throws Drill.Failed {
            d.await("stable version served to every account", Duration.ofSeconds(30), () -> {
                for (DemoFleet.Account a : accounts) {
                    JsonNode r = api.get(ingest + "/v1/packs/" + packName + "/release?account=" + Api.q(a.id())
                            + "&warehouse=" + Api.q(a.warehouse()), "ingest").body();
                    if (!stable.equals(r.path("servedVersion").asText())) {
                        throw new IllegalStateException(a.id() + " (" + a.warehouse() + ") still gets " + r.path("servedVersion").asText());
                    }
                }
                return accounts.size();
            }, n -> "all " + n + " " + pack.connector() + " accounts get " + stable);
        }

        /** {@code rollout-aborted} pages the pack's owner, with a runbook that exists. */
        JsonNode ownerPaged(long seq0) throws Drill.Failed {
            JsonNode owner = d.lookup(pack.connector(), packName);
            String team = owner.path("team").path("id").asText();
            String key = owner.path("team").path("routes").path("pagerduty").asText(null);
            JsonNode alert = d.await("owner paged (rollout-aborted)", Duration.ofSeconds(60), () -> {
                Optional<JsonNode> a = d.alert("rollout-aborted", labels, "firing", "acknowledged");
                if (a.isEmpty() || (d.hasFakePager() && d.pagerDutyEvent(seq0, a.get().path("dedupKey").asText(), "trigger", key).isEmpty())) {
                    return null;
                }
                return a.get();
            }, a -> a.path("ownerTeam").asText() + ": " + a.path("summary").asText());
            if (!team.equals(alert.path("ownerTeam").asText())) {
                throw d.fail("owner paged (rollout-aborted)", "paged " + alert.path("ownerTeam").asText() + ", ownership says " + team);
            }
            d.checkRunbook(alert.path("runbook").asText(null), "rollout-aborted");
            return alert;
        }

        /** How many accounts ever installed the canary, by ingest's stats. */
        void blastRadius(Set<String> sawCanary) {
            JsonNode total = api.get(ingest + "/v1/stats/installs?window=1h&type=install&pack=" + packName + "&version=" + canary,
                    "agent").body().path("total");
            d.pass("blast radius of the bad version", total.path("accounts").asLong() + " of " + accounts.size() + " "
                    + pack.connector() + " accounts ever installed " + canary + " (" + total.path("attempts").asLong() + " installs, "
                    + total.path("failed").asLong() + " failed); this drill saw " + sawCanary.size());
        }
    }

    /** Installers of the pack: ask ingest for their version; the canary fails on BigQuery, everything else succeeds. */
    private static void install(Drill d, String pack, String canary, List<DemoFleet.Account> accounts, Set<String> sawCanary) {
        Random random = new Random();
        while (!Thread.currentThread().isInterrupted()) {
            try {
                List<ObjectNode> events = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    DemoFleet.Account a = accounts.get(random.nextInt(accounts.size()));
                    JsonNode r = d.api.get(d.api.urls().ingest() + "/v1/packs/" + pack + "/release?account=" + Api.q(a.id())
                            + "&warehouse=" + Api.q(a.warehouse()), "ingest").body();
                    String version = r.path("servedVersion").asText(null);
                    if (version == null) {
                        continue;
                    }
                    ObjectNode e = Api.JSON.createObjectNode().put("eventId", UUID.randomUUID().toString()).put("type", "install")
                            .put("occurredAt", Instant.now().toString()).put("accountId", a.id()).put("connector", a.connector())
                            .put("pack", pack).put("packVersion", version).put("warehouse", a.warehouse()).put("stage", "run")
                            .put("durationMs", 3_000 + random.nextInt(5_000));
                    if (version.equals(canary)) {
                        sawCanary.add(a.id());
                    }
                    if (version.equals(canary) && a.warehouse().equals("bigquery")) {
                        e.put("outcome", "failed").put("errorCode", "invalidQuery")
                                .put("errorMessage", "No matching signature for function DATE_TRUNC for argument types: STRING, DATE_TIME_PART at [14:9]");
                    } else {
                        e.put("outcome", "succeeded");
                    }
                    events.add(e);
                }
                d.installer.post(events);
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // a service restarting: the next round tries again
            }
        }
    }

    private static String describeAbort(JsonNode rollout) {
        JsonNode last = lastAbort(rollout);
        if (last == null) {
            return "state aborted";
        }
        return "check " + last.path("check").asText("?") + ": " + last.path("reason").asText("");
    }

    /** The last {@code aborted} entry of a rollout's timeline, or null. */
    private static JsonNode lastAbort(JsonNode rollout) {
        JsonNode last = null;
        for (JsonNode e : rollout.path("timeline")) {
            if (e.path("kind").asText().equals("aborted")) {
                last = e;
            }
        }
        return last;
    }

    /** The rollout bucket ingest gives the account ({@code /release?account=}); 100 when the pack is not published. */
    private static int bucket(Api api, String pack, DemoFleet.Account a) {
        Response r = api.get(api.urls().ingest() + "/v1/packs/" + pack + "/release?account=" + Api.q(a.id())
                + "&warehouse=" + Api.q(a.warehouse()), "ingest");
        return r.ok() ? r.body().path("bucket").asInt(100) : 100;
    }
}
