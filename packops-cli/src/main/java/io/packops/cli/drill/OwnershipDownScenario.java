package io.packops.cli.drill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.packops.cli.client.Api;
import io.packops.cli.demo.DemoFleet;
import io.packops.launcher.Response;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code ownership-down}: ownership-service stops in the middle of an incident (a warehouse outage makes one pack's
 * installs fail). Expected: the alert fires with its owner unknown and the fallback route is paged at once; when
 * ownership-service is back, the alert takes its real owner and pages the real policy's first level.
 */
record OwnershipDownScenario(String fallbackRoutingKey) implements Scenario {

    @Override
    public String name() {
        return "ownership-down";
    }

    @Override
    public String rehearses() {
        return "ownership-service is down when an alert fires: the fallback route is paged, then the real owner once it is back";
    }

    /** Expires the silences an older drill left on this version and resolves its active alerts. */
    private static void reset(Drill d, Map<String, String> labels) {
        Api api = d.api;
        JsonNode silences = api.get(api.urls().alerting() + "/v1/silences?state=active&limit=200", "operator").body();
        for (JsonNode sil : silences.path("items")) {
            boolean ours = sil.path("createdBy").asText().equals("packops drill");
            boolean covers = labels.entrySet().stream().allMatch(l -> {
                for (JsonNode m : sil.path("matchers")) {
                    if (m.path("name").asText().equals(l.getKey()) && m.path("value").asText().equals(l.getValue())) {
                        return true;
                    }
                }
                return false;
            });
            if (ours && covers) {
                api.delete(api.urls().alerting() + "/v1/silences/" + sil.path("id").asText(), "operator");
                d.note("reset: expired silence " + sil.path("id").asText() + " left by an earlier drill");
            }
        }
        for (String rule : List.of("install-failure-rate", "install-slo-burn")) {
            Optional<JsonNode> left = d.alert(rule, labels, "firing", "acknowledged");
            if (left.isPresent()) {
                d.resolve(left.get().path("id").asLong(), "drill ownership-down: reset before the rehearsal");
                d.note("reset: resolved alert #" + left.get().path("id").asLong() + " (" + rule + ") left by an earlier run");
            }
        }
    }

    @Override
    public void run(Drill d) throws Drill.Failed, InterruptedException {
        Outage outage = new Outage(d);
        try {
            outage.ownershipStopped();
            // what an earlier run left (its alert still acknowledged while its failures drain, a silence of an older
            // drill): cleared only now, with ownership down, so that the alert fires again with its owner unknown
            reset(d, outage.labels);
            outage.installsFail();
            outage.firesWithTheOwnerUnknown();
            outage.fallbackPaged();
            outage.ownershipBack();
            outage.realOwnerPaged();
            outage.acknowledgedWhileTheFailuresDrain();
            d.nothingLeftFiring("drill ownership-down: the warehouse is back", Duration.ofSeconds(30));
        } finally {
            if (!outage.restarted) {
                d.control("/control/services/ownership-service/start"); // never leave the stack without ownership
            }
        }
    }

    /** One rehearsal: a pack whose owner is not the platform team, so "real owner" and "fallback" differ. */
    private final class Outage {
        final Drill d;
        final Api api;
        final DemoFleet.Pack pack;
        final String served;
        final Map<String, String> labels;
        final String team;
        final String teamKey;
        boolean restarted;
        long seq0;
        Instant from;
        long id;
        String dedup;
        Instant firedAt;
        Instant backAt;

        Outage(Drill d) throws Drill.Failed {
            this.d = d;
            this.api = d.api;
            this.pack = d.fleet.packs().values().stream().filter(p -> !p.connector().equals("stripe")).findFirst()
                    .orElseThrow(() -> d.fail("prepare", "the demo has no second pack"));
            this.served = api.get(api.urls().ingest() + "/v1/packs/" + pack.name() + "/release", "operator").body()
                    .path("servedVersion").asText(null);
            if (served == null) {
                throw d.fail("prepare", pack.name() + " has no served version (run ./packops up to seed the demo)");
            }
            this.labels = Map.of("pack", pack.name(), "version", served);
            d.owns("install-failure-rate", labels);
            d.owns("install-slo-burn", labels);
            JsonNode owner = d.lookup(pack.connector(), pack.name());
            this.team = owner.path("team").path("id").asText();
            this.teamKey = owner.path("team").path("routes").path("pagerduty").asText(null);
            d.pass("owner known while ownership-service is up", pack.name() + " is owned by " + team);
        }

        void ownershipStopped() throws Drill.Failed {
            Response stop = d.control("/control/services/ownership-service/stop");
            if (!stop.ok()) {
                throw d.fail("ownership-service stopped", stop.describe());
            }
            d.lookAt("ownership-service was stopped by this drill; ./packops up restarts it with POST " + d.demoUrl
                    + "/control/services/ownership-service/start (admin token)");
            d.pass("ownership-service stopped", "mid-incident, as a crash or a bad deploy would");
        }

        /** A warehouse outage: enough failures that the 15-minute window's rate is well over the threshold, whatever ran before. */
        void installsFail() {
            seq0 = d.lastPageSeq();
            from = Instant.now();
            List<DemoFleet.Account> accounts = d.fleet.accounts(pack.connector());
            JsonNode window = api.get(api.urls().ingest() + "/v1/stats/installs?window=15m&type=install&pack=" + Api.q(pack.name())
                    + "&version=" + Api.q(served), "agent").body().path("total");
            long attempts = window.path("attempts").asLong();
            long failedBefore = window.path("failed").asLong();
            int failures = (int) Math.max(30, Math.ceil((0.6 * attempts - failedBefore) / 0.4) + 20);
            List<ObjectNode> events = new ArrayList<>();
            for (int i = 0; i < failures; i++) {
                DemoFleet.Account a = accounts.get(i % accounts.size());
                events.add(Api.JSON.createObjectNode().put("eventId", UUID.randomUUID().toString()).put("type", "install")
                        .put("occurredAt", Instant.now().toString()).put("accountId", a.id()).put("connector", a.connector())
                        .put("pack", pack.name()).put("packVersion", served).put("warehouse", a.warehouse()).put("stage", "run")
                        .put("outcome", "failed").put("errorCode", "WAREHOUSE_UNAVAILABLE")
                        .put("errorMessage", "warehouse " + a.warehouse() + " did not answer within 60 s"));
            }
            d.installer.post(events);
            d.pass("installs fail (warehouse outage)", failures + " installs of " + pack.name() + " " + served
                    + " failed (the window held " + attempts + " installs, " + failedBefore + " failed)");
        }

        void firesWithTheOwnerUnknown() throws Drill.Failed {
            JsonNode fired = d.await("alert fired with the owner unknown", Duration.ofSeconds(120), () -> {
                Optional<JsonNode> a = d.alert("install-failure-rate", labels, "firing", "acknowledged");
                return a.filter(x -> !x.path("ownerKnown").asBoolean(true)).orElse(null);
            }, a -> "alert #" + a.path("id").asLong() + ": " + a.path("summary").asText());
            id = fired.path("id").asLong();
            d.lookAtAlert(id, "install-failure-rate of " + pack.name() + " " + served);
            dedup = fired.path("dedupKey").asText();
            firedAt = Instant.parse(fired.path("firedAt").asText());
            d.measure("time to detect (failures reported → alert fired)", Duration.between(from, firedAt));
        }

        void fallbackPaged() throws Drill.Failed {
            if (d.hasFakePager()) {
                d.await("fallback route paged", Duration.ofSeconds(30), () -> d.pagerDutyEvent(seq0, dedup, "trigger", fallbackRoutingKey).orElse(null),
                        p -> "PagerDuty trigger with the fallback routing key " + fallbackRoutingKey + ": " + p.path("payload").path("summary").asText());
            } else {
                d.await("fallback route paged", Duration.ofSeconds(30), () -> Drill.event(d.alert(id), "paged", null).orElse(null),
                        e -> e.path("detail").asText());
            }
            d.measure("time to page the fallback (alert fired → fallback paged)", Duration.between(firedAt, Instant.now()));
        }

        void ownershipBack() throws Drill.Failed {
            Response start = d.control("/control/services/ownership-service/start");
            restarted = start.ok();
            if (!start.ok()) {
                throw d.fail("ownership-service back", start.describe());
            }
            backAt = Instant.now();
            d.pass("ownership-service back", "ready again");
        }

        void realOwnerPaged() throws Drill.Failed {
            JsonNode real = d.await("real owner paged", Duration.ofSeconds(120), () -> {
                JsonNode a = d.alert(id);
                if (!a.path("ownerKnown").asBoolean() || !team.equals(a.path("ownerTeam").asText())) {
                    return null;
                }
                if (d.hasFakePager() && d.pagerDutyEvent(seq0, dedup, "trigger", teamKey).isEmpty()) {
                    return null;
                }
                return a;
            }, a -> "owner " + a.path("ownerTeam").asText() + ", policy " + a.path("escalationPolicy").asText()
                    + (d.hasFakePager() ? ", PagerDuty trigger with the team's routing key" : ""));
            d.measure("time to reach the real owner (ownership back → owner paged)", Duration.between(backAt, Instant.now()));
            d.checkRunbook(real.path("runbook").asText(null), "install-failure-rate");
        }

        /**
         * Recovery: the warehouse answers again. Its failures stay in the 15-minute window, so the condition holds a
         * while longer: the on-call acknowledges (no more escalation) and the alert resolves itself once clear.
         */
        void acknowledgedWhileTheFailuresDrain() throws Drill.Failed {
            for (String rule : List.of("install-failure-rate", "install-slo-burn")) {
                Optional<JsonNode> active = d.alert(rule, labels, "firing");
                if (active.isPresent()) {
                    Response ack = api.postJson(api.urls().alerting() + "/v1/alerts/" + active.get().path("id").asLong() + "/ack",
                            "operator", Map.of("comment", "drill ownership-down: the warehouse is back; its failures drain from the window"));
                    if (!ack.ok() && ack.status() != 409) {
                        throw d.fail("acknowledged while the failures drain", "POST /ack: " + ack.describe());
                    }
                }
            }
            d.pass("acknowledged while the failures drain", "alert #" + id + " stops escalating and resolves itself once its "
                    + "failures have left the 15m window");
        }
    }
}
