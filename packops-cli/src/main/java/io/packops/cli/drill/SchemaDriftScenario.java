package io.packops.cli.drill;

import com.fasterxml.jackson.databind.JsonNode;
import io.packops.cli.client.Api;
import io.packops.cli.demo.DemoFleet;
import io.packops.cli.demo.DemoSeeder;
import io.packops.cli.demo.InstallSimulator;
import io.packops.compat.schema.Relation;
import io.packops.launcher.Response;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeSet;

/**
 * {@code schema-drift}: a connector change (a column the served pack reads is gone) lands for a share of the
 * connector's accounts. Expected: the compat sweep raises {@code pack-compat-broken} (or, when several packs break,
 * {@code connector-schema-drift}) with exactly those accounts and their warehouses as blast radius, routed to the
 * connector's owner; when the schemas are fixed it clears.
 */
record SchemaDriftScenario(String connector, double share) implements Scenario {

    @Override
    public String name() {
        return "schema-drift";
    }

    @Override
    public String rehearses() {
        return "a " + connector + " schema change reaches " + Math.round(share * 100) + " % of its accounts: blast radius, routing to the connector owner";
    }

    @Override
    public void run(Drill d) throws Drill.Failed, InterruptedException {
        Change change = new Change(d);
        change.resetEarlierRun();
        change.lands();
        try {
            change.compatSweepRaisesTheBreak();
            change.blastRadius();
            change.routedToTheConnectorOwner();
            change.schemasFixed();
            d.nothingLeftFiring("drill schema-drift: the schemas are whole again", Duration.ofSeconds(60));
        } finally {
            // never leave the demo broken, whatever failed above
            for (DemoFleet.Account a : change.hit) {
                try {
                    post(d, a, a.schema().relations(), change.capturedAt.plusSeconds(2));
                } catch (RuntimeException | Drill.Failed ignored) {
                    // best effort
                }
            }
        }
    }

    /** One rehearsal: the served pack, the accounts the change reaches, and the alert it raises. */
    private final class Change {
        final Drill d;
        final DemoFleet.Pack pack;
        final String served;
        final String manifest;
        final Map<String, String> labels;
        List<DemoFleet.Account> hit = List.of();
        final TreeSet<String> warehouses = new TreeSet<>();
        long seq0;
        Instant capturedAt;
        Instant landing;
        JsonNode fired;
        long id;
        Instant firedAt;

        Change(Drill d) throws Drill.Failed {
            this.d = d;
            this.pack = d.fleet.packs().get(connector);
            if (pack == null) {
                throw d.fail("prepare", "the demo has no pack for connector " + connector);
            }
            this.served = d.api.get(d.api.urls().ingest() + "/v1/packs/" + pack.name() + "/release", "operator").body()
                    .path("servedVersion").asText(null);
            this.manifest = served == null ? null : d.manifest(pack, served);
            if (manifest == null) {
                throw d.fail("prepare", pack.name() + " serves " + served + ", which is neither under packs/ nor in ingest (run ./packops up to seed the demo)");
            }
            this.labels = Map.of("pack", pack.name(), "version", served);
            d.owns("pack-compat-broken", labels);
            d.owns("connector-schema-drift", Map.of("connector", connector));
        }

        /** An alert an earlier run left is resolved if clear; an active one would not be this drill's blast radius. */
        void resetEarlierRun() throws Drill.Failed {
            for (String rule : List.of("pack-compat-broken", "connector-schema-drift")) {
                Optional<JsonNode> left = d.alert(rule, rule.equals("pack-compat-broken") ? labels : Map.of("connector", connector), "firing", "acknowledged");
                if (left.isPresent() && left.get().path("clearSince").isTextual()) {
                    d.resolve(left.get().path("id").asLong(), "drill schema-drift: reset (already clear)");
                    d.note("reset: resolved alert #" + left.get().path("id").asLong() + " (" + rule + "), already clear, left by an earlier run");
                } else if (left.isPresent()) {
                    throw d.fail("prepare", rule + " is already active (alert #" + left.get().path("id").asLong()
                            + "): fix or resolve it first, the blast radius would not be this drill's");
                }
            }
        }

        /** Accounts the served version works for today; the change reaches a share of them (new snapshots). */
        void lands() throws Drill.Failed {
            InstallSimulator checker = new InstallSimulator(1, 0, 0);
            List<DemoFleet.Account> healthy = new ArrayList<>(d.fleet.accounts(connector).stream()
                    .filter(a -> a.drift() == DemoFleet.Drift.NONE && checker.check(a, manifest).compatible()).toList());
            Collections.shuffle(healthy, new Random(DemoSeeder.SEED + 7));
            int n = Math.max(3, (int) Math.round(healthy.size() * share));
            hit = healthy.subList(0, Math.min(n, healthy.size()));
            seq0 = d.lastPageSeq(); // before the change lands: the sweep may page before the last snapshot is in
            capturedAt = Instant.now();
            landing = capturedAt;
            String change = null;
            for (DemoFleet.Account a : hit) {
                List<Relation> broken = DemoFleet.breaking(a.schema().relations(), manifest, new Random(DemoSeeder.SEED + 11));
                change = change == null ? dropped(a.schema().relations(), broken) : change;
                post(d, a, broken, capturedAt);
                warehouses.add(a.warehouse());
            }
            d.pass("connector change landed", change + " gone for " + hit.size() + " of " + d.fleet.accounts(connector).size()
                    + " " + connector + " accounts on " + warehouses);
        }

        void compatSweepRaisesTheBreak() throws Drill.Failed {
            fired = d.await("compat sweep raised the break", Duration.ofSeconds(120), () -> {
                Optional<JsonNode> a = d.alert("pack-compat-broken", labels, "firing", "acknowledged");
                if (a.isEmpty()) {
                    a = d.alert("connector-schema-drift", Map.of("connector", connector), "firing", "acknowledged");
                }
                return a.orElse(null);
            }, a -> a.path("rule").asText() + " #" + a.path("id").asLong() + ": " + a.path("summary").asText());
            id = fired.path("id").asLong();
            d.lookAtAlert(id, fired.path("rule").asText());
            firedAt = Instant.parse(fired.path("firedAt").asText());
            d.measure("time to detect (first changed schema → alert fired)", Duration.between(landing, firedAt));
        }

        /** The sweep may have fired while the snapshots were still landing: the blast radius grows with the next sweeps. */
        void blastRadius() throws Drill.Failed {
            d.await("blast radius", Duration.ofSeconds(60), () -> {
                JsonNode a = d.alert(id);
                long accounts = a.path("details").path("accounts").asLong(-1);
                TreeSet<String> reported = new TreeSet<>();
                a.path("details").path("warehouses").forEach(w -> reported.add(w.asText()));
                if (accounts != hit.size() || !reported.equals(warehouses)) {
                    throw new IllegalStateException("the alert counts " + accounts + " accounts on " + reported
                            + "; the change reached " + hit.size() + " on " + warehouses);
                }
                return a;
            }, a -> hit.size() + " accounts on " + warehouses + " (exactly the accounts the change reached)");
        }

        void routedToTheConnectorOwner() throws Drill.Failed {
            JsonNode owner = d.lookup(connector, pack.name());
            String team = owner.path("team").path("id").asText();
            String key = owner.path("team").path("routes").path("pagerduty").asText(null);
            if (!team.equals(fired.path("ownerTeam").asText())) {
                throw d.fail("routed to the connector owner", "owner " + fired.path("ownerTeam").asText() + ", ownership says " + team);
            }
            d.await("routed to the connector owner", Duration.ofSeconds(30), () -> d.hasFakePager()
                            ? d.pagerDutyEvent(seq0, fired.path("dedupKey").asText(), "trigger", key).orElse(null)
                            : Drill.event(d.alert(id), "paged", null).orElse(null),
                    p -> team + " paged" + (d.hasFakePager() ? " (routing key " + key + ")" : ""));
            d.measure("time to page (alert fired → owner paged)", Duration.between(firedAt, Instant.now()));
            d.checkRunbook(fired.path("runbook").asText(null), fired.path("rule").asText());
        }

        /** The connector team ships a fix: the schemas are whole again, the alert clears and is resolved. */
        void schemasFixed() throws Drill.Failed {
            Instant fixedAt = capturedAt.plusSeconds(1);
            for (DemoFleet.Account a : hit) {
                post(d, a, a.schema().relations(), fixedAt);
            }
            d.await("schemas fixed: the alert clears", Duration.ofSeconds(120), () -> {
                JsonNode a = d.alert(id);
                return a.path("clearSince").isTextual() || a.path("state").asText().equals("resolved") ? a : null;
            }, a -> "compat sweep found every " + connector + " schema compatible again");
            d.resolve(id, "drill: schemas fixed");
            d.pass("resolved", "alert #" + id);
        }
    }

    private static void post(Drill d, DemoFleet.Account a, List<Relation> relations, Instant capturedAt) throws Drill.Failed {
        Response r = d.api.postJson(d.api.urls().ingest() + "/v1/schema-snapshots", "ingest",
                DemoSeeder.snapshot(a, relations, capturedAt));
        if (!r.ok()) {
            throw d.fail("schema snapshot", a.id() + ": " + r.describe());
        }
    }

    /** "relation.column" of the one column {@code after} lacks. */
    static String dropped(List<Relation> before, List<Relation> after) {
        for (int i = 0; i < before.size(); i++) {
            if (before.get(i).columns().size() != after.get(i).columns().size()) {
                for (var c : before.get(i).columns()) {
                    if (after.get(i).columns().stream().noneMatch(x -> x.name().equals(c.name()))) {
                        return before.get(i).name() + "." + c.name();
                    }
                }
            }
        }
        return "a column";
    }
}
