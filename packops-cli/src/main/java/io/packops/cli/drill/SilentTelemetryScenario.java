package io.packops.cli.drill;

import com.fasterxml.jackson.databind.JsonNode;
import io.packops.cli.client.Api;
import io.packops.launcher.Response;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * {@code silent-telemetry}: installers stop reporting (a broken telemetry release, a blocked network). Expected:
 * {@code telemetry-silent} fires once the limit has passed and pages the platform owner (the {@code "*"} rule);
 * when telemetry flows again it clears and is resolved.
 */
final class SilentTelemetryScenario implements Scenario {

    @Override
    public String name() {
        return "silent-telemetry";
    }

    @Override
    public String rehearses() {
        return "telemetry stops: the dead man's switch pages the platform owner";
    }

    @Override
    public void run(Drill d) throws Drill.Failed, InterruptedException {
        Api api = d.api;
        d.owns("telemetry-silent", Map.of()); // the fleet's switch and every connector's
        Optional<JsonNode> left = d.alert("telemetry-silent", Map.of(), "firing", "acknowledged");
        if (left.isPresent()) {
            d.resolve(left.get().path("id").asLong(), "drill silent-telemetry: reset");
        }
        JsonNode platform = d.lookup(null, null);
        String team = platform.path("team").path("id").asText();
        String key = platform.path("team").path("routes").path("pagerduty").asText(null);

        Response paused = d.control("/control/telemetry/pause");
        if (!paused.ok()) {
            throw d.fail("telemetry stopped", paused.describe());
        }
        Instant from = Instant.now();
        long seq0 = d.lastPageSeq();
        d.pass("telemetry stopped", "the demo's installers stop reporting");
        try {
            JsonNode fired = d.await("telemetry-silent fired", Duration.ofMinutes(3),
                    () -> d.alert("telemetry-silent", Map.of(), "firing", "acknowledged").orElse(null),
                    a -> "alert #" + a.path("id").asLong() + ": " + a.path("summary").asText());
            long id = fired.path("id").asLong();
            d.lookAtAlert(id, "telemetry-silent");
            Instant firedAt = Instant.parse(fired.path("firedAt").asText());
            d.measure("time to detect (last event → alert fired)", Duration.between(from, firedAt));
            if (!team.equals(fired.path("ownerTeam").asText())) {
                throw d.fail("platform owner paged", "owner " + fired.path("ownerTeam").asText() + ", but the \"*\" rule names " + team);
            }
            d.await("platform owner paged", Duration.ofSeconds(30), () -> d.hasFakePager()
                            ? d.pagerDutyEvent(seq0, fired.path("dedupKey").asText(), "trigger", key).orElse(null)
                            : Drill.event(d.alert(id), "paged", null).orElse(null),
                    p -> team + (d.hasFakePager() ? " (routing key " + key + ")" : ""));
            d.measure("time to page (alert fired → platform owner paged)", Duration.between(firedAt, Instant.now()));
            d.checkRunbook(fired.path("runbook").asText(null), "telemetry-silent");

            d.control("/control/telemetry/resume");
            d.await("telemetry flows again: alert clears", Duration.ofSeconds(60), () -> {
                JsonNode a = d.alert(id);
                return a.path("clearSince").isTextual() || a.path("state").asText().equals("resolved") ? a : null;
            }, a -> "clear since " + a.path("clearSince").asText(a.path("resolvedAt").asText()));
            d.resolve(id, "drill: telemetry flows again");
            d.pass("resolved", "alert #" + id);
            // the per-connector switches fired as well: each clears as its connector's telemetry flows again
            d.nothingLeftFiring("drill silent-telemetry: telemetry flows again", Duration.ofSeconds(60));
        } finally {
            d.control("/control/telemetry/resume");
        }
    }
}
