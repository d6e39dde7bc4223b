package io.packops.cli.drill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.packops.cli.client.Api;
import io.packops.cli.demo.DemoFleet;
import io.packops.cli.demo.DemoSeeder;
import io.packops.cli.publish.Release;
import io.packops.compat.manifest.SemVer;
import io.packops.compat.schema.WarehouseSchema;
import io.packops.compat.upgrade.UpgradeDiff;
import io.packops.launcher.Response;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code package-upgrade}: the connector team registers a coming release of its dbt package that renames a column
 * the served pack reads. Expected: the upgrade check finds the break for exactly the accounts still on the old
 * release, {@code dbt-package-upgrade-breaks} pages the pack's owner before any account upgrades, the release gate
 * says so too, the owner's fix (compiling on both releases) is published held and rolled out, the broken versions
 * are retired, the alert clears, and the accounts that then upgrade install the fix.
 */
record PackageUpgradeScenario(String packName, String fixVersion, double upgradeShare) implements Scenario {

    static final String RULE = "dbt-package-upgrade-breaks";
    /** How long before the release ships: the owner must be paged within it, or customers find the break first. */
    static final Duration LEAD_TIME = Duration.ofSeconds(45);
    /** The withdraw reason of a version this drill retires; a later run restores what carries it. */
    static final String RETIRED = "drill package-upgrade: the coming dbt package release breaks it";

    @Override
    public String name() {
        return "package-upgrade";
    }

    @Override
    public String rehearses() {
        return "a registered release of the connector's dbt package breaks " + packName + " for the accounts on the old release: "
                + "owner paged before any account upgrades, the fix published held and rolled out, the alert clears";
    }

    @Override
    public void run(Drill d) throws Drill.Failed, InterruptedException {
        Upgrade u = new Upgrade(d, ComingPackageRelease.stripe());
        u.resetEarlierRun();
        try {
            u.accountsOnTheOldRelease();
            u.releaseRegistered();
            u.checkFindsTheBreak();
            u.alertFired();
            u.ownerPagedBeforeTheReleaseShips();
            u.gateWarnsAboutTheServedVersion();
            u.fixPublishedHeld();
            u.fixRolledOut();
            u.brokenVersionsRetired();
            u.alertClears();
            u.accountsUpgrade();
        } finally {
            u.accountsBackOnTheOldRelease();
        }
        d.nothingLeftFiring("drill package-upgrade: the fix is served, the broken versions are withdrawn", Duration.ofSeconds(60));
    }

    /** One rehearsal, step by step; what each step learnt is kept here. */
    private final class Upgrade {
        final Drill d;
        final Api api;
        final String ingest;
        final String alerting;
        final ComingPackageRelease release;
        final DemoFleet.Pack pack;
        final List<DemoFleet.Account> accounts;
        final String fromCatalog;
        final String toCatalog;
        final UpgradeDiff diff;
        final String fixFile;
        String broken;
        String brokenManifest;
        Map<String, Long> expected;
        long expectedAccounts;
        String fix;
        String fixManifest;
        long releaseId;
        Instant askedAt;
        JsonNode report;
        JsonNode fired;
        long id;
        String dedup;
        String routingKey;
        long seq0;
        Instant pagedAt;
        final List<DemoFleet.Account> upgraded = new ArrayList<>();

        Upgrade(Drill d, ComingPackageRelease release) throws Drill.Failed {
            this.d = d;
            this.api = d.api;
            this.ingest = api.urls().ingest();
            this.alerting = api.urls().alerting();
            this.release = release;
            this.pack = d.fleet.packs().get(release.connector());
            if (pack == null || !pack.name().equals(packName)) {
                throw d.fail("prepare", "the demo has no pack " + packName + " of connector " + release.connector());
            }
            this.fixFile = pack.manifests().get(fixVersion);
            if (fixFile == null) {
                throw d.fail("prepare", "packs/" + packName + "/" + fixVersion + ".yaml (the fix) is missing");
            }
            this.accounts = d.fleet.accounts(release.connector());
            try {
                this.fromCatalog = release.fromCatalog(d.root);
                this.toCatalog = release.toCatalog(fromCatalog);
            } catch (RuntimeException e) {
                throw d.fail("prepare", "the coming release cannot be built: " + e.getMessage());
            }
            this.diff = release.diff(fromCatalog, toCatalog);
            d.owns(RULE, Map.of("pack", packName, "dbtPackageVersion", release.toVersion()));
        }

        /**
         * What an earlier run left: the versions it retired are restored and the fix it served is withdrawn, so the
         * served version is one the release breaks again; its alerts are resolved.
         */
        void resetEarlierRun() throws Drill.Failed {
            for (JsonNode v : api.get(ingest + "/v1/packs/" + packName + "/release", "operator").body().path("versions")) {
                if ("withdrawn".equals(v.path("status").asText()) && RETIRED.equals(v.path("reason").asText())) {
                    api.post(ingest + "/v1/packs/" + packName + "/versions/" + v.path("version").asText() + "/restore", "operator",
                            "application/json", "{}");
                    d.note("reset: restored " + v.path("version").asText() + ", retired by an earlier run");
                }
            }
            String served = servedVersion();
            String servedManifest = served == null ? null : d.manifest(pack, served);
            if (servedManifest != null && sameButVersion(servedManifest, fixFile) && !breaks(servedManifest)) {
                api.postJson(ingest + "/v1/packs/" + packName + "/versions/" + served + "/withdraw", "operator",
                        Map.of("reason", "drill package-upgrade: reset, the fix of an earlier run"));
                d.note("reset: withdrew " + served + ", the fix an earlier run served");
            }
            for (int i = 0; i < 20; i++) { // one per version an earlier run left broken
                Optional<JsonNode> left = d.alert(RULE, Map.of("pack", packName, "dbtPackageVersion", release.toVersion()), "firing", "acknowledged");
                if (left.isEmpty() || !d.resolve(left.get().path("id").asLong(), "drill package-upgrade: reset before the rehearsal").ok()) {
                    break;
                }
                d.note("reset: resolved alert #" + left.get().path("id").asLong() + " left by an earlier run");
            }
            broken = servedVersion();
            brokenManifest = broken == null ? null : d.manifest(pack, broken);
            expected = brokenManifest == null ? Map.of() : ComingPackageRelease.blastRadius(diff, brokenManifest, accounts);
            expectedAccounts = expected.values().stream().mapToLong(Long::longValue).sum();
            if (expectedAccounts == 0) {
                throw d.fail("prepare", packName + " serves " + broken + ", which " + release.packageName() + " " + release.toVersion()
                        + " does not break: nothing to rehearse (run ./packops up --fresh, or --self-contained)");
            }
            fix = freeVersion();
            fixManifest = Drill.withVersion(fixFile, fix);
            if (breaks(fixManifest)) {
                throw d.fail("prepare", "the fix " + fixVersion + " breaks on " + release.toVersion() + " too");
            }
        }

        /**
         * Every account of the connector says, through its installer, which release of the package it runs (the demo
         * seeds it; a stack seeded before it did is told again).
         */
        void accountsOnTheOldRelease() throws Drill.Failed {
            if (!byPackageVersion().equals(Map.of(release.fromVersion(), (long) accounts.size()))) {
                post(accounts, DemoFleet.Account::schema, release.fromVersion(), Instant.now());
                d.note("told ingest again that every " + release.connector() + " account runs " + release.fromVersion());
            }
            d.await("accounts run " + release.packageName() + " " + release.fromVersion(), Duration.ofSeconds(30), () -> {
                Map<String, Long> byVersion = byPackageVersion();
                return byVersion.equals(Map.of(release.fromVersion(), (long) accounts.size())) ? byVersion : null;
            }, v -> "all " + accounts.size() + " " + release.connector() + " accounts, by their schema snapshots (accountsByPackageVersion)");
        }

        /** The connector team's CI registers the release accounts run and the coming one, then asks for the check. */
        void releaseRegistered() throws Drill.Failed {
            register(release.fromVersion(), fromCatalog);
            JsonNode coming = register(release.toVersion(), toCatalog);
            releaseId = coming.path("id").asLong();
            d.pass("coming release registered", release.packageName() + " " + release.toVersion() + " (release " + releaseId + ", "
                    + coming.path("models").asInt() + " models): " + String.join(", ", renamed()) + "; accounts run "
                    + release.fromVersion());
        }

        private JsonNode register(String version, String catalog) throws Drill.Failed {
            Response r = api.postJson(ingest + "/v1/package-releases", "operator", release.registration(version, catalog));
            if (!r.ok()) {
                throw d.fail("coming release registered", "POST /v1/package-releases " + version + ": " + r.describe());
            }
            return r.body();
        }

        /** The check finds exactly the accounts the upgrade breaks the served version on, by warehouse. */
        void checkFindsTheBreak() throws Drill.Failed {
            seq0 = d.lastPageSeq();
            askedAt = Instant.now();
            Response r = api.post(alerting + "/v1/package-upgrades/" + releaseId + "/check", "operator", "application/json", "{}");
            if (!r.ok()) {
                throw d.fail("upgrade check", "POST /v1/package-upgrades/" + releaseId + "/check: " + r.describe());
            }
            report = r.body();
            JsonNode served = packResult(report, broken);
            if (!"breaks".equals(report.path("verdict").asText()) || served == null || !served.path("breaks").asBoolean()) {
                throw d.fail("upgrade check", "verdict " + report.path("verdict").asText() + "; " + packName + " " + broken
                        + (served == null ? " not checked" : " breaks: " + served.path("breaks").asBoolean()));
            }
            Map<String, Long> found = counts(served.path("accountsByWarehouse"));
            if (!found.equals(expected)) {
                throw d.fail("upgrade check", "blast radius " + found + ", but the upgrade breaks " + packName + " " + broken
                        + " on " + expected + " of the demo's accounts");
            }
            d.pass("upgrade check finds the break", packName + " " + broken + " breaks for " + expectedAccounts + " of "
                    + report.path("totalAccounts").asLong() + " accounts " + expected + " (the drill's own check of each account agrees)");
        }

        void alertFired() throws Drill.Failed {
            fired = d.await(RULE + " fired", Duration.ofSeconds(20),
                    () -> d.alert(RULE, Map.of("pack", packName, "version", broken, "dbtPackageVersion", release.toVersion()),
                            "firing", "acknowledged").orElse(null),
                    a -> "alert #" + a.path("id").asLong() + ": " + a.path("summary").asText());
            id = fired.path("id").asLong();
            dedup = fired.path("dedupKey").asText();
            d.lookAtAlert(id, RULE + " of " + packName + " " + broken);
            JsonNode details = d.alert(id).path("details");
            List<String> wrong = new ArrayList<>();
            if (details.path("accounts").asLong() != expectedAccounts) {
                wrong.add("accounts " + details.path("accounts").asLong() + " (expected " + expectedAccounts + ")");
            }
            if (!counts(details.path("accountsByPackageVersion")).keySet().equals(java.util.Set.of(release.fromVersion()))) {
                wrong.add("accountsByPackageVersion " + details.path("accountsByPackageVersion") + " (every breaking account runs "
                        + release.fromVersion() + ")");
            }
            List<String> renames = new ArrayList<>();
            details.path("renames").forEach(n -> renames.add(n.asText()));
            List<String> suggested = renamed().stream().filter(renames::contains).toList();
            if (suggested.isEmpty()) {
                wrong.add("renames " + renames + " suggest none of " + renamed());
            }
            if (!wrong.isEmpty()) {
                throw d.fail("alert details", String.join("; ", wrong));
            }
            d.pass("alert details", "blast radius " + expectedAccounts + " accounts on " + release.fromVersion() + ", tiles "
                    + tiles(details) + ", renames suggested " + suggested);
            // the scheduled sweep may have fired it a moment before the check was asked for
            Duration detect = Duration.between(askedAt, Instant.parse(fired.path("firedAt").asText()));
            d.measure("time to detect (check asked → alert fired)", detect.isNegative() ? Duration.ZERO : detect);
        }

        /** The pack owner's PagerDuty route gets the trigger, within the lead time before the release ships. */
        void ownerPagedBeforeTheReleaseShips() throws Drill.Failed {
            JsonNode owner = d.lookup(release.connector(), packName);
            String team = owner.path("team").path("id").asText();
            routingKey = owner.path("team").path("routes").path("pagerduty").asText(null);
            if (!team.equals(fired.path("ownerTeam").asText())) {
                throw d.fail("owner paged", "alert owned by " + fired.path("ownerTeam").asText() + ", ownership says " + team);
            }
            Instant ships = askedAt.plus(LEAD_TIME);
            JsonNode page = d.await("owner paged before the release ships", Duration.ofMillis(Duration.between(Instant.now(), ships).toMillis()),
                    () -> d.hasFakePager() ? d.pagerDutyRecord(seq0, dedup, "trigger", routingKey).orElse(null)
                            : Drill.event(d.alert(id), "paged", null).orElse(null),
                    p -> team + " paged" + (d.hasFakePager() ? " (routing key " + routingKey + ", " + p.path("body").path("payload")
                            .path("class").asText() + ")" : "") + " " + Drill.seconds(Duration.between(askedAt, Instant.now()))
                            + " after the check, within the release's " + LEAD_TIME.toSeconds() + " s lead time");
            pagedAt = Instant.parse(page.path(d.hasFakePager() ? "receivedAt" : "at").asText());
            if (d.hasFakePager() && !RULE.equals(page.path("body").path("payload").path("class").asText())) {
                throw d.fail("owner paged", "the PagerDuty trigger names " + page.path("body").path("payload").path("class")
                        + ", not " + RULE);
            }
            d.measure("time to page (check asked → PagerDuty received the trigger)", Duration.between(askedAt, pagedAt));
            d.checkRunbook(fired.path("runbook").asText(null), RULE);
        }

        /** The release gate says the same to anyone publishing the served version's content again. */
        void gateWarnsAboutTheServedVersion() throws Drill.Failed {
            JsonNode coming = comingRelease(gate(brokenManifest));
            if (coming == null || !coming.path("breaks").asBoolean() || coming.path("accounts").asLong() != expectedAccounts) {
                throw d.fail("release gate lists the coming release", "comingReleases: " + coming);
            }
            d.pass("release gate lists the coming release", packName + " " + broken + " would break on " + release.toVersion()
                    + " for " + expectedAccounts + " accounts (comingReleases)");
        }

        /** The fix passes the gate, coming release included, and is published held: nobody gets it yet. */
        void fixPublishedHeld() throws Drill.Failed {
            Release.Outcome published;
            try {
                published = Release.publish(api, fixManifest, null, true);
            } catch (Release.Refused | Api.Unreachable e) {
                throw d.fail("fix published held", e.getMessage());
            }
            if (published.result() != Release.Result.PUBLISHED) {
                throw d.fail("fix published held", fix + ": " + published.result() + " (gate " + published.gate().path("verdict").asText()
                        + ", blast radius " + published.blastRadius() + ")");
            }
            JsonNode coming = comingRelease(published.gate());
            if (coming == null || coming.path("breaks").asBoolean()) {
                throw d.fail("fix published held", "the gate says " + release.toVersion() + " breaks " + fix + ": " + coming);
            }
            if (!broken.equals(servedVersion())) {
                throw d.fail("fix published held", "installers get " + servedVersion() + " before the rollout");
            }
            d.pass("fix published held", packName + " " + fix + (fix.equals(fixVersion) ? "" : " (packs/" + packName + "/" + fixVersion
                    + ".yaml; " + fixVersion + " was published by an earlier run)") + ": gate " + published.gate().path("verdict").asText()
                    + ", clean on " + release.toVersion() + "; installers still get " + broken);
        }

        /** A staged rollout: the first step's accounts get the fix, the others the served version; then promoted. */
        void fixRolledOut() throws Drill.Failed {
            Response started = api.postJson(ingest + "/v1/packs/" + packName + "/versions/" + fix + "/rollout", "operator",
                    Map.of("steps", List.of(CanaryAbortScenario.FIRST_STEP, 100), "stepMinutes", 30,
                            "reason", "drill package-upgrade: the fix ahead of " + release.packageName() + " " + release.toVersion()));
            if (!started.ok()) {
                throw d.fail("fix rolled out", "POST …/rollout: " + started.describe());
            }
            String rollout = started.body().path("id").asText();
            d.lookAt("rollout " + rollout + ": " + ingest + "/v1/rollouts/" + rollout);
            long canary = d.await("canary step serves the fix", Duration.ofSeconds(20), () -> {
                long n = 0;
                for (DemoFleet.Account a : accounts) {
                    JsonNode r = releaseFor(a);
                    String want = r.path("bucket").asInt(100) < CanaryAbortScenario.FIRST_STEP ? fix : broken;
                    if (!want.equals(r.path("servedVersion").asText())) {
                        throw new IllegalStateException(a.id() + " (bucket " + r.path("bucket").asInt() + ") gets "
                                + r.path("servedVersion").asText() + ", not " + want);
                    }
                    n += want.equals(fix) ? 1 : 0;
                }
                return n;
            }, n -> n + " of " + accounts.size() + " accounts get " + fix + " at " + CanaryAbortScenario.FIRST_STEP + " %, the others " + broken);
            if (canary == 0) {
                d.note("no " + release.connector() + " account falls in the first " + CanaryAbortScenario.FIRST_STEP + " %");
            }
            Response promoted = api.postJson(ingest + "/v1/packs/" + packName + "/versions/" + fix + "/rollout/promote", "operator",
                    Map.of("reason", "drill package-upgrade: the canary is healthy and the release ships soon"));
            if (!promoted.ok()) {
                throw d.fail("fix rolled out", "promote: " + promoted.describe());
            }
            d.await("fix rolled out", Duration.ofSeconds(20), () -> {
                for (DemoFleet.Account a : accounts) {
                    String v = releaseFor(a).path("servedVersion").asText();
                    if (!fix.equals(v)) {
                        throw new IllegalStateException(a.id() + " gets " + v);
                    }
                }
                return fix.equals(servedVersion()) ? fix : null;
            }, v -> "promoted: all " + accounts.size() + " " + release.connector() + " accounts get " + v);
        }

        /**
         * The versions the release breaks (the check's report) are withdrawn: an active older version stays a rollback
         * target, and rolling back to it after the release ships would break the upgraded accounts.
         */
        void brokenVersionsRetired() throws Drill.Failed {
            List<String> retired = new ArrayList<>();
            for (JsonNode p : report.path("packs")) {
                if (p.path("pack").asText().equals(packName) && p.path("breaks").asBoolean()) {
                    String v = p.path("version").asText();
                    Response r = api.postJson(ingest + "/v1/packs/" + packName + "/versions/" + v + "/withdraw", "operator",
                            Map.of("reason", RETIRED));
                    if (!r.ok()) {
                        throw d.fail("broken versions retired", v + ": " + r.describe());
                    }
                    retired.add(v);
                }
            }
            if (!fix.equals(servedVersion())) {
                throw d.fail("broken versions retired", "withdrawing " + retired + " changed the served version to " + servedVersion());
            }
            d.pass("broken versions retired", "withdrew " + packName + " " + retired + "; installers keep " + fix);
        }

        /** The next check of the release is clean: the alert clears, is resolved, and PagerDuty hears it. */
        void alertClears() throws Drill.Failed {
            Response r = api.post(alerting + "/v1/package-upgrades/" + releaseId + "/check", "operator", "application/json", "{}");
            if (!r.ok() || !"clean".equals(r.body().path("verdict").asText())) {
                throw d.fail("next check is clean", r.ok() ? "verdict " + r.body().path("verdict").asText() + ": " + r.body().path("packs")
                        : r.describe());
            }
            d.await("alert clears", Duration.ofSeconds(20), () -> {
                JsonNode a = d.alert(id);
                return a.path("clearSince").isTextual() || a.path("state").asText().equals("resolved") ? a : null;
            }, a -> "next check clean: " + release.toVersion() + " breaks no active version of " + packName);
            Response resolved = d.resolve(id, "drill package-upgrade: the fix is served before the release ships");
            if (!resolved.ok() && resolved.status() != 409) {
                throw d.fail("resolved", resolved.describe());
            }
            if (d.hasFakePager()) {
                d.await("resolved (PagerDuty resolve sent)", Duration.ofSeconds(20), () -> d.pagerDutyEvent(seq0, dedup, "resolve", null),
                        p -> "alert #" + id);
            } else {
                d.pass("resolved", "alert #" + id);
            }
            d.measure("time to fix ahead (owner paged → alert clear)", Duration.between(pagedAt, Instant.now()));
        }

        /** The release ships: a share of the accounts upgrade, after the page, and the fix compiles on their schemas. */
        void accountsUpgrade() throws Drill.Failed {
            List<DemoFleet.Account> shuffled = new ArrayList<>(accounts);
            Collections.shuffle(shuffled, new Random(DemoSeeder.SEED + 21));
            upgraded.addAll(shuffled.subList(0, Math.max(1, (int) Math.round(accounts.size() * upgradeShare))));
            List<JsonNode> answers = post(upgraded, a -> diff.applyTo(a.schema()), release.toVersion(), Instant.now());
            Instant first = answers.stream().map(b -> Instant.parse(b.path("receivedAt").asText())).min(Instant::compareTo).orElseThrow();
            List<String> notOnIt = answers.stream().filter(b -> !release.toVersion().equals(b.path("dbtPackage").path("version").asText())
                            || !b.path("current").asBoolean(true))
                    .map(b -> b.path("accountId").asText()).toList();
            if (!notOnIt.isEmpty()) {
                throw d.fail("accounts upgrade", "ingest did not make " + release.toVersion() + " the current schema of " + notOnIt);
            }
            if (!pagedAt.isBefore(first)) {
                throw d.fail("owner paged before any account upgraded", "paged at " + pagedAt + ", first upgrade received at " + first);
            }
            d.pass("owner paged before any account upgraded", "page " + pagedAt + ", first of " + upgraded.size() + " upgrades to "
                    + release.toVersion() + " received at " + first + " (" + Drill.seconds(Duration.between(pagedAt, first)) + " later)");
            d.measure("lead over the first account upgrade (page → first upgrade)", Duration.between(pagedAt, first));
            java.util.Set<String> upgradedFingerprints = new java.util.TreeSet<>();
            answers.forEach(b -> upgradedFingerprints.add(b.path("fingerprint").asText()));
            d.await("upgraded accounts compile the fix", Duration.ofSeconds(20), () -> {
                JsonNode gate = gate(fixManifest);
                long onUpgraded = 0;
                for (JsonNode fp : gate.path("fingerprints")) {
                    if (upgradedFingerprints.contains(fp.path("fingerprint").asText())) {
                        if (!fp.path("compatible").asBoolean()) {
                            throw new IllegalStateException(fix + " does not compile on upgraded fingerprint " + fp.path("fingerprint").asText()
                                    + ": " + fp.path("problems"));
                        }
                        onUpgraded += fp.path("accounts").asLong();
                    }
                }
                if (onUpgraded != upgraded.size()) {
                    throw new IllegalStateException("the gate sees " + onUpgraded + " of the " + upgraded.size() + " upgraded accounts");
                }
                if (!"pass".equals(gate.path("verdict").asText()) || gate.path("blastRadius").path("accounts").asLong() != 0) {
                    throw new IllegalStateException("gate " + gate.path("verdict").asText() + ", blast radius " + gate.path("blastRadius"));
                }
                return gate;
            }, gate -> fix + " compiles on every current " + release.connector() + " schema: " + gate.path("fingerprints").size()
                    + " fingerprints, " + upgradedFingerprints.size() + " of them the " + upgraded.size() + " upgraded accounts' on "
                    + release.toVersion());
        }

        /** Whatever happened, the demo's accounts end on the old release as they were, so the demo stays as it was. */
        void accountsBackOnTheOldRelease() {
            if (upgraded.isEmpty()) {
                return;
            }
            try {
                post(upgraded, DemoFleet.Account::schema, release.fromVersion(), Instant.now());
            } catch (RuntimeException | Drill.Failed e) {
                d.note("could not put the upgraded accounts back on " + release.fromVersion() + ": " + e.getMessage());
            }
        }

        // ---- helpers --------------------------------------------------------------------------------------------

        /** Posts a snapshot per account (four at a time), its installer saying it runs {@code version}; ingest's answers. */
        private List<JsonNode> post(List<DemoFleet.Account> which, java.util.function.Function<DemoFleet.Account, WarehouseSchema> schema,
                                    String version, Instant capturedAt) throws Drill.Failed {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<Response>> posts = new ArrayList<>();
                for (DemoFleet.Account a : which) {
                    ObjectNode body = DemoSeeder.snapshot(a, schema.apply(a).relations(), capturedAt, version);
                    posts.add(pool.submit(() -> api.postJson(ingest + "/v1/schema-snapshots", "ingest", body)));
                }
                List<JsonNode> out = new ArrayList<>();
                for (int i = 0; i < posts.size(); i++) {
                    Response r = posts.get(i).get();
                    if (!r.ok()) {
                        throw d.fail("schema snapshot", which.get(i).id() + ": " + r.describe());
                    }
                    out.add(r.body());
                }
                return out;
            } catch (java.util.concurrent.ExecutionException e) {
                throw d.fail("schema snapshot", e.getCause().getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw d.fail("schema snapshot", "interrupted");
            } finally {
                pool.shutdown();
            }
        }

        /** ingest's count of the connector's accounts per package version, over every current fingerprint. */
        private Map<String, Long> byPackageVersion() {
            Map<String, Long> out = new TreeMap<>();
            String cursor = null;
            do {
                JsonNode page = api.get(ingest + "/v1/schemas?connector=" + Api.q(release.connector()) + "&includeRelations=false&limit=500"
                        + (cursor == null ? "" : "&cursor=" + Api.q(cursor)), "operator").body();
                for (JsonNode fp : page.path("items")) {
                    JsonNode split = fp.path("accountsByPackageVersion");
                    if (split.isObject()) {
                        counts(split).forEach((v, n) -> out.merge(v, n, Long::sum));
                    } else {
                        out.merge("", fp.path("accounts").asLong(), Long::sum);
                    }
                }
                cursor = page.path("nextCursor").asText(null);
            } while (cursor != null);
            return out;
        }

        private boolean breaks(String manifest) {
            return !ComingPackageRelease.blastRadius(diff, manifest, accounts).isEmpty();
        }

        /** The lowest patch of the fix's version not yet published (an earlier run may have published it). */
        private String freeVersion() {
            SemVer v = SemVer.parse(fixVersion);
            for (long patch = v.patch(); ; patch++) {
                String candidate = SemVer.of(v.major(), v.minor(), patch).toString();
                if (api.get(ingest + "/v1/packs/" + packName + "/versions/" + candidate, "operator").status() == 404) {
                    return candidate;
                }
            }
        }

        private String servedVersion() {
            return api.get(ingest + "/v1/packs/" + packName + "/release", "operator").body().path("servedVersion").asText(null);
        }

        private JsonNode releaseFor(DemoFleet.Account a) {
            return api.get(ingest + "/v1/packs/" + packName + "/release?account=" + Api.q(a.id()) + "&warehouse=" + Api.q(a.warehouse()),
                    "ingest").body();
        }

        private JsonNode gate(String manifest) throws Drill.Failed {
            Response r = api.post(alerting + "/v1/compat/gate", "operator", "application/yaml", manifest);
            if (!r.ok()) {
                throw d.fail("release gate", r.describe());
            }
            return r.body();
        }

        /** The gate's entry for the coming release, or null. */
        private JsonNode comingRelease(JsonNode gate) {
            for (JsonNode c : gate.path("comingReleases")) {
                if (release.packageName().equals(c.path("dbtPackage").asText()) && release.toVersion().equals(c.path("version").asText())) {
                    return c;
                }
            }
            return null;
        }

        private JsonNode packResult(JsonNode report, String version) {
            for (JsonNode p : report.path("packs")) {
                if (p.path("pack").asText().equals(packName) && p.path("version").asText().equals(version)) {
                    return p;
                }
            }
            return null;
        }

        /** "stripe__customer_overview.first_sale_date → customer_first_sale_date", as alerting words a rename. */
        private List<String> renamed() {
            List<String> out = new ArrayList<>();
            release.renames().forEach((model, columns) -> columns.forEach((from, to) -> out.add(model + "." + from + " → " + to)));
            return out;
        }

        private static List<String> tiles(JsonNode details) {
            List<String> out = new ArrayList<>();
            details.path("brokenTiles").forEach(t -> out.add(t.path("item").asText()));
            return out;
        }

        private static Map<String, Long> counts(JsonNode object) {
            Map<String, Long> out = new TreeMap<>();
            object.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asLong()));
            return out;
        }

        private static boolean sameButVersion(String a, String b) {
            return a != null && b != null && Drill.withVersion(a, "").equals(Drill.withVersion(b, ""));
        }
    }
}
