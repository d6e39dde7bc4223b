package io.packops.cli.drill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.packops.cli.demo.Api;
import io.packops.cli.demo.DemoFleet;

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
final class OwnershipDownScenario implements Scenario {

    private final String fallbackRoutingKey;

    OwnershipDownScenario(String fallbackRoutingKey) {
        this.fallbackRoutingKey = fallbackRoutingKey;
    }

    @Override
    public String name() {
        return "ownership-down";
    }

    @Override
    public String rehearses() {
        return "ownership-service is down when an alert fires: the fallback route is paged, then the real owner once it is back";
    }

    @Override
    public void run(Drill d) throws Drill.Failed, InterruptedException {
        // a pack whose owner is not the platform team, so "real owner" and "fallback" differ
        DemoFleet.Pack pack = d.fleet.packs().values().stream().filter(p -> !p.connector().equals("stripe")).findFirst()
                .orElseThrow(() -> d.fail("prepare", "the demo has no second pack"));
        Api api = d.api;
        String served = api.get(api.urls().ingest() + "/v1/packs/" + pack.name() + "/release", "operator").body()
                .path("servedVersion").asText(null);
        if (served == null) {
            throw d.fail("prepare", pack.name() + " has no served version (run ./packops up to seed the demo)");
        }
        Map<String, String> labels = Map.of("pack", pack.name(), "version", served);
        Optional<JsonNode> left = d.alert("install-failure-rate", labels, "firing", "acknowledged");
        if (left.isPresent()) {
            d.resolve(left.get().path("id").asLong(), "drill ownership-down: reset before the rehearsal");
            d.note("reset: resolved alert #" + left.get().path("id").asLong() + " left by an earlier run");
        }
        JsonNode owner = d.lookup(pack.connector(), pack.name());
        String team = owner.path("team").path("id").asText();
        String teamKey = owner.path("team").path("routes").path("pagerduty").asText(null);
        d.pass("owner known while ownership-service is up", pack.name() + " is owned by " + team);

        boolean restarted = false;
        try {
            Api.Response stop = d.control("/control/services/ownership-service/stop");
            if (!stop.ok()) {
                throw d.fail("ownership-service stopped", stop.describe());
            }
            d.pass("ownership-service stopped", "mid-incident, as a crash or a bad deploy would");

            long seq0 = d.lastPageSeq();
            Instant from = Instant.now();
            List<DemoFleet.Account> accounts = d.fleet.accounts(pack.connector());
            // enough failures that the 15-minute window's rate is well over the threshold, whatever ran before
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

            JsonNode fired = d.await("alert fired with the owner unknown", Duration.ofSeconds(120), () -> {
                Optional<JsonNode> a = d.alert("install-failure-rate", labels, "firing", "acknowledged");
                return a.filter(x -> !x.path("ownerKnown").asBoolean(true)).orElse(null);
            }, a -> "alert #" + a.path("id").asLong() + ": " + a.path("summary").asText());
            long id = fired.path("id").asLong();
            String dedup = fired.path("dedupKey").asText();
            Instant firedAt = Instant.parse(fired.path("firedAt").asText());
            d.measure("time to detect (failures reported → alert fired)", Duration.between(from, firedAt));

            if (d.hasFakePager()) {
                d.await("fallback route paged", Duration.ofSeconds(30), () -> d.pagerDutyEvent(seq0, dedup, "trigger", fallbackRoutingKey).orElse(null),
                        p -> "PagerDuty trigger with the fallback routing key " + fallbackRoutingKey + ": " + p.path("payload").path("summary").asText());
            } else {
                d.await("fallback route paged", Duration.ofSeconds(30), () -> Drill.event(d.alert(id), "paged", null).orElse(null),
                        e -> e.path("detail").asText());
            }
            d.measure("time to page the fallback (alert fired → fallback paged)", Duration.between(firedAt, Instant.now()));

            Api.Response start = d.control("/control/services/ownership-service/start");
            restarted = start.ok();
            if (!start.ok()) {
                throw d.fail("ownership-service back", start.describe());
            }
            Instant backAt = Instant.now();
            d.pass("ownership-service back", "ready again");

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

            // recovery: the warehouse answers again. Its failures stay in the 15-minute window, so the on-call silences
            // this pack version until they have drained (or the rule would fire a new alert right after the resolve)
            Instant now = Instant.now();
            Map<String, Object> silence = Map.of(
                    "matchers", List.of(Map.of("name", "pack", "value", pack.name(), "isRegex", false, "isEqual", true),
                            Map.of("name", "version", "value", served, "isRegex", false, "isEqual", true)),
                    "startsAt", now.toString(), "endsAt", now.plus(Duration.ofMinutes(16)).toString(),
                    "createdBy", "packops drill", "comment", "drill ownership-down: the outage is over; its failures drain from the 15m window");
            Api.Response silenced = api.postJson(api.urls().alerting() + "/v1/silences", "operator", silence);
            if (!silenced.ok()) {
                throw d.fail("silenced while the failures drain", "POST /v1/silences: " + silenced.describe());
            }
            d.pass("silenced while the failures drain", "silence " + silenced.body().path("id").asText() + " on pack=" + pack.name()
                    + ", version=" + served + " for 16 min");
            for (String rule : List.of("install-failure-rate", "install-slo-burn")) {
                Optional<JsonNode> active = d.alert(rule, labels, "firing", "acknowledged");
                if (active.isPresent()) {
                    Api.Response resolve = d.resolve(active.get().path("id").asLong(), "drill ownership-down: the warehouse is back");
                    if (!resolve.ok()) {
                        throw d.fail("resolved", resolve.describe());
                    }
                }
            }
            d.pass("resolved", "alert #" + id);
        } finally {
            if (!restarted) {
                d.control("/control/services/ownership-service/start"); // never leave the stack without ownership
            }
        }
    }
}
