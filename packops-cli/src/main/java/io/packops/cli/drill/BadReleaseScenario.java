package io.packops.cli.drill;

import com.fasterxml.jackson.databind.JsonNode;
import io.packops.cli.client.Api;
import io.packops.cli.demo.DemoFleet;
import io.packops.cli.publish.Release;
import io.packops.launcher.Response;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code bad-release}: a release manager publishes a broken pack version past the release gate; installs fail on
 * most warehouses. Expected: {@code install-failure-rate} fires, the pack owner's PagerDuty route is paged with the
 * runbook, nobody acks so level 2 is paged after the (scaled) delay, the on-call acks and rolls back in one call,
 * installers get the previous version again, the failure rate recovers and the alert is resolved.
 */
record BadReleaseScenario(String packName, String badVersion) implements Scenario {

    static final double THRESHOLD = 0.2;
    static final List<String> RULES = List.of("install-failure-rate", "install-slo-burn", "pack-compat-broken");

    @Override
    public String name() {
        return "bad-release";
    }

    @Override
    public String rehearses() {
        return "a broken release of " + packName + " (" + badVersion + ") reaches customers: detect, page the owner, escalate, "
                + "acknowledge, roll back in one call, recover, resolve";
    }

    @Override
    public void run(Drill d) throws Drill.Failed, InterruptedException {
        Incident incident = new Incident(d);
        incident.resetEarlierRun();
        incident.stableVersionServed();
        incident.publishPastTheGate();
        incident.failuresStartNow();
        try (InstallLoad load = new InstallLoad(d.installer, d.fleet.accounts(incident.pack.connector()), 10)) {
            incident.installsFail(load);
            incident.alertFires();
            incident.ownerPaged();
            incident.escalatesWhenNobodyAcknowledges();
            incident.acknowledged();
            incident.rolledBack();
            incident.failureRateRecovers(load);
            incident.resolved();
        }
        // the other alerts of the bad version (its compat break, its SLO burn) clear once it is withdrawn
        d.nothingLeftFiring("drill bad-release: " + badVersion + " rolled back, nobody installs it any more", Duration.ofSeconds(60));
    }

    /** One rehearsal, step by step: what each step learnt (the stable version, the alert, when it was paged) is kept here. */
    private final class Incident {
        final Drill d;
        final Api api;
        final String ingest;
        final DemoFleet.Pack pack;
        final String manifest;
        final Map<String, String> labels = Map.of("pack", packName, "version", badVersion);
        String stable;
        long seq0;
        Instant failuresFrom;
        long id;
        String dedup;
        Instant firedAt;
        JsonNode owner;
        String routingKey;
        Instant pagedAt;
        Instant rolledBackAt;

        Incident(Drill d) throws Drill.Failed {
            this.d = d;
            this.api = d.api;
            this.ingest = api.urls().ingest();
            this.pack = d.fleet.packs().values().stream().filter(p -> p.name().equals(packName)).findFirst()
                    .orElseThrow(() -> d.fail("prepare", "no pack " + packName + " under packs/"));
            this.manifest = pack.manifests().get(badVersion);
            if (manifest == null) {
                throw d.fail("prepare", "packs/" + packName + "/" + badVersion + ".yaml is missing");
            }
            RULES.forEach(rule -> d.owns(rule, labels));
        }

        /** What an earlier run left: the bad version served, its alerts active. */
        void resetEarlierRun() {
            if (badVersion.equals(servedVersion())) {
                api.postJson(ingest + "/v1/packs/" + packName + "/versions/" + badVersion + "/withdraw", "operator",
                        Map.of("reason", "drill bad-release: reset before the rehearsal"));
                d.note("reset: " + badVersion + " was served (an earlier run?); withdrawn before the rehearsal");
            }
            for (String rule : RULES) {
                Optional<JsonNode> left = d.alert(rule, labels, "firing", "acknowledged");
                if (left.isPresent()) {
                    d.resolve(left.get().path("id").asLong(), "drill bad-release: reset before the rehearsal");
                    d.note("reset: resolved alert #" + left.get().path("id").asLong() + " (" + rule + ") left by an earlier run");
                }
            }
        }

        void stableVersionServed() throws Drill.Failed {
            stable = servedVersion();
            if (stable == null) {
                throw d.fail("stable version served", packName + " has no served version to roll back to (run ./packops up to seed the demo)");
            }
            d.pass("stable version served", packName + " " + stable + " is what installers get");
        }

        /** The release gate, as {@code packops publish} runs it: blocked without an override, published with one. */
        void publishPastTheGate() throws Drill.Failed {
            Release.Outcome attempt = release(null);
            if (attempt.gateBlocks()) {
                d.pass("release gate blocks " + badVersion, "blast radius " + attempt.blastRadius() + "; not published");
            } else {
                d.gap("the release gate passed " + packName + " " + badVersion + " although installs of it fail (blast radius "
                        + attempt.blastRadius() + ")");
            }
            String overrideReason = "./packops drill bad-release at " + Instant.now() + ": rehearsing a release published past the gate";
            Release.Outcome published = attempt.result() == Release.Result.BLOCKED ? release(overrideReason) : attempt;
            if (published.result() == Release.Result.WITHDRAWN) {
                restoreWithdrawn(published);
            }
            String served = servedVersion();
            if (!badVersion.equals(served)) {
                throw d.fail("publish " + badVersion, "installers get " + served + ", not " + badVersion);
            }
            d.pass("published " + badVersion + " past the gate (override)", "installers now get " + badVersion);
            overrideOnTheRecord();
        }

        /** {@link Release#publish}, a refusal or an unreachable service failing the step. */
        private Release.Outcome release(String overrideReason) throws Drill.Failed {
            String step = overrideReason == null ? "release gate" : "publish past the gate";
            try {
                return Release.publish(api, manifest, overrideReason);
            } catch (Release.Refused | Api.Unreachable e) {
                throw d.fail(step, e.getMessage());
            }
        }

        private void restoreWithdrawn(Release.Outcome published) throws Drill.Failed {
            d.note(badVersion + " was published by an earlier run and withdrawn by its rollback ("
                    + published.version().path("reason").asText() + "): restored to rehearse again");
            Response restored = api.post(ingest + "/v1/packs/" + packName + "/versions/" + badVersion + "/restore",
                    "operator", "application/json", "{}");
            if (!restored.ok()) {
                throw d.fail("publish " + badVersion, "restore: " + restored.describe());
            }
        }

        private void overrideOnTheRecord() {
            JsonNode record = api.get(ingest + "/v1/packs/" + packName + "/versions/" + badVersion, "operator").body()
                    .path("gateOverride");
            if (record.path("reason").asText("").isEmpty()) {
                d.gap("publishing " + badVersion + " past a blocking gate left no override record on the version "
                        + "(GET /v1/packs/" + packName + "/versions/" + badVersion + " has no gateOverride)");
            } else {
                d.pass("gate override on the record", "by " + record.path("by").asText() + " at " + record.path("at").asText()
                        + ": " + record.path("reason").asText());
            }
        }

        /** From here installers get the bad version: pages and failures count from now. */
        void failuresStartNow() {
            seq0 = d.lastPageSeq();
            failuresFrom = Instant.now();
        }

        void installsFail(InstallLoad load) throws Drill.Failed {
            InstallLoad.Totals early = d.await("installs of " + badVersion + " fail", Duration.ofSeconds(30), () -> {
                InstallLoad.Totals t = load.since(failuresFrom, badVersion);
                return t.installs() >= 30 ? t : null;
            }, t -> t.describe() + " — failing on " + t.warehousesMostlyFailing() + " of " + t.byWarehouse().size() + " warehouses");
            if (early.rate() <= THRESHOLD) {
                throw d.fail("installs of " + badVersion + " fail", "only " + early.describe() + "; the scenario needs a broken release");
            }
        }

        void alertFires() throws Drill.Failed {
            JsonNode fired = d.await("install-failure-rate fired", Duration.ofSeconds(120),
                    () -> d.alert("install-failure-rate", labels, "firing", "acknowledged").orElse(null), a -> "alert #" + a.path("id").asLong() + ": " + a.path("summary").asText());
            id = fired.path("id").asLong();
            d.lookAtAlert(id, "install-failure-rate of " + packName + " " + badVersion);
            dedup = fired.path("dedupKey").asText();
            firedAt = Instant.parse(fired.path("firedAt").asText());
            d.measure("time to detect (first failing install → alert fired)", Duration.between(failuresFrom, firedAt));
        }

        /** The owner's PagerDuty route gets the trigger, with a runbook that exists. */
        void ownerPaged() throws Drill.Failed {
            owner = d.lookup(pack.connector(), packName);
            String team = owner.path("team").path("id").asText();
            routingKey = owner.path("team").path("routes").path("pagerduty").asText(null);
            JsonNode paged = d.await("owner paged", Duration.ofSeconds(60), this::pagedAlert,
                    a -> "PagerDuty trigger to " + a.path("ownerTeam").asText() + (d.hasFakePager() ? " (routing key " + routingKey + ")" : "")
                            + ", runbook " + a.path("runbook").asText("none"));
            if (!team.equals(paged.path("ownerTeam").asText())) {
                throw d.fail("owner paged", "paged " + paged.path("ownerTeam").asText() + ", but ownership says " + team + " owns " + packName);
            }
            pagedAt = Instant.parse(Drill.event(paged, "paged", null).orElseThrow().path("at").asText());
            d.measure("time to page (alert fired → PagerDuty received the trigger)",
                    Duration.between(firedAt, d.received(seq0, dedup, "trigger", routingKey, pagedAt)));
            d.pagerDutyEvent(seq0, dedup, "trigger", routingKey).ifPresent(trigger -> {
                boolean linked = false;
                for (JsonNode l : trigger.path("links")) {
                    linked |= l.path("text").asText().equalsIgnoreCase("runbook");
                }
                if (!linked) {
                    d.gap("the PagerDuty trigger carries no runbook link");
                }
            });
            d.checkRunbook(paged.path("runbook").asText(null), "install-failure-rate");
        }

        /** The alert once it was paged and the page delivered (received by the fake pager, when there is one); else null. */
        private JsonNode pagedAlert() {
            JsonNode a = d.alert(id);
            if (Drill.event(a, "paged", null).isEmpty()) {
                return null;
            }
            if (d.hasFakePager()) {
                return d.pagerDutyEvent(seq0, dedup, "trigger", routingKey).map(p -> a).orElse(null);
            }
            for (JsonNode del : a.path("deliveries")) {
                if (del.path("channel").asText().equals("pagerduty") && del.path("state").asText().equals("delivered")) {
                    return a;
                }
            }
            return null;
        }

        /** Nobody acks: level 2 after the policy's (scaled) delay, not before. */
        void escalatesWhenNobodyAcknowledges() throws Drill.Failed {
            JsonNode level2 = null;
            for (JsonNode l : owner.path("escalation").path("levels")) {
                if (l.path("level").asInt() > 1 && !l.path("skipped").asBoolean()) {
                    level2 = l;
                    break;
                }
            }
            if (level2 == null) {
                d.gap("escalation policy " + owner.path("escalation").path("policy").asText() + " has no second level: "
                        + "nobody else is paged when the on-call does not answer");
                return;
            }
            int level = level2.path("level").asInt();
            Duration delay = d.escalationDelay(level2.path("effectiveAfterMinutes").asInt());
            d.note("nobody acknowledges; level " + level + " is due " + Drill.seconds(delay) + " after the first page ("
                    + level2.path("effectiveAfterMinutes").asInt() + " min × " + d.escalationTimeScale + ")");
            JsonNode escalated = d.await("escalated to level " + level, delay.plusSeconds(60),
                    () -> Drill.event(d.alert(id), "escalated", level).orElse(null), e -> e.path("detail").asText());
            Duration waited = Duration.between(pagedAt, Instant.parse(escalated.path("at").asText()));
            d.measure("time to escalate (first page → level " + level + ")", waited);
            if (waited.compareTo(delay.minusSeconds(1)) < 0) {
                throw d.fail("escalated to level " + level, "after " + Drill.seconds(waited) + ", before the policy's " + Drill.seconds(delay));
            }
        }

        void acknowledged() throws Drill.Failed {
            Response ack = api.postJson(api.urls().alerting() + "/v1/alerts/" + id + "/ack", "operator",
                    Map.of("comment", "drill: on-call acknowledges"));
            if (!ack.ok()) {
                throw d.fail("acknowledged", "POST /ack: " + ack.describe());
            }
            Instant ackedAt = Instant.now();
            if (d.hasFakePager()) {
                d.await("acknowledged (PagerDuty acknowledge sent)", Duration.ofSeconds(30),
                        () -> d.pagerDutyEvent(seq0, dedup, "acknowledge", null), p -> "dedup key " + dedup);
            } else {
                d.pass("acknowledged", "alert #" + id);
            }
            d.measure("time to acknowledge (first page → ack)", Duration.between(pagedAt, ackedAt));
        }

        /** One call: {@code POST /v1/alerts/{id}/rollback}, and installers get the stable version again. */
        void rolledBack() throws Drill.Failed {
            Response rollback = api.postJson(api.urls().alerting() + "/v1/alerts/" + id + "/rollback", "operator",
                    Map.of("reason", "drill bad-release: " + badVersion + " fails to install on most warehouses"));
            if (!rollback.ok()) {
                throw d.fail("rolled back", "POST /rollback: " + rollback.describe());
            }
            d.await("rolled back: installers get " + stable + " again", Duration.ofSeconds(30), () -> {
                String now = servedVersion();
                return stable.equals(now) ? now : null;
            }, v -> "one call: POST /v1/alerts/" + id + "/rollback withdrew " + badVersion);
            rolledBackAt = Instant.now();
            d.measure("time to roll back (alert fired → previous version served)", Duration.between(firedAt, rolledBackAt));
        }

        void failureRateRecovers(InstallLoad load) throws Drill.Failed {
            d.await("failure rate recovers", Duration.ofSeconds(90), () -> {
                InstallLoad.Totals after = load.since(rolledBackAt, stable);
                JsonNode a = d.alert(id);
                return after.installs() >= 20 && after.rate() < THRESHOLD && !a.path("clearSince").isMissingNode()
                        && !a.path("clearSince").isNull() ? after : null;
            }, t -> "installs of " + stable + " since the rollback: " + t.describe() + "; the alert reads clear");
        }

        void resolved() throws Drill.Failed {
            Response resolve = d.resolve(id, "drill: recovered after rollback");
            if (!resolve.ok()) {
                throw d.fail("resolved", "POST /resolve: " + resolve.describe());
            }
            if (d.hasFakePager()) {
                d.await("resolved (PagerDuty resolve sent)", Duration.ofSeconds(30), () -> d.pagerDutyEvent(seq0, dedup, "resolve", null),
                        p -> "incident closed");
            } else {
                d.pass("resolved", "alert #" + id);
            }
            d.measure("incident duration (alert fired → resolved)", Duration.between(firedAt, Instant.now()));
        }

        /** The version ingest serves installers of the pack now, or null. */
        private String servedVersion() {
            return api.get(ingest + "/v1/packs/" + packName + "/release", "operator").body().path("servedVersion").asText(null);
        }
    }
}
