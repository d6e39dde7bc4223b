package io.packops.systemtests.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.packops.launcher.FakePager;
import io.packops.launcher.Response;
import io.packops.launcher.ServiceProcess;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Making alerts fire and reading them: failed installs posted to ingest make the test rule
 * ({@code install-failure-rate}, 5 installs, 20 %, {@code for: 0s}) fire at alerting's next evaluation.
 */
public final class Alerting {

    public static final String RULE = "install-failure-rate";

    private Alerting() {
    }

    /** A pack version whose installs fail. */
    public record Version(String connector, String pack, String version) {

        public String dedupKey() {
            return RULE + "{connector=" + connector + ",pack=" + pack + ",version=" + version + "}";
        }
    }

    /** Posts {@code failures} failed installs of each version in one batch (all answered 202). */
    public static void failInstalls(SystemStack stack, ServiceProcess ingest, List<Version> versions, int failures) {
        List<ObjectNode> events = new ArrayList<>();
        String run = UUID.randomUUID().toString().substring(0, 8);
        Instant now = Instant.now();
        for (Version v : versions) {
            for (int i = 0; i < failures; i++) {
                events.add(Events.install("fail-" + run + "-" + v.pack() + "-" + v.version() + "-" + i, v.connector(),
                        v.pack(), v.version(), true, now.minusSeconds(i)));
            }
        }
        JsonNode answer = Api.unchecked(() -> {
            Response a = stack.api().post(ingest.url() + "/v1/events", SystemStack.INGEST_TOKEN, "application/json",
                    Events.batch(events), java.time.Duration.ofSeconds(30));
            if (a.status() != 202) {
                throw new IllegalStateException("failed installs not accepted: " + a);
            }
            return a.json();
        });
        if (answer.path("accepted").asInt() != events.size()) {
            throw new IllegalStateException("failed installs not all accepted: " + answer);
        }
    }

    /** The alerts of {@code rule} (newest first), as alerting's API shows them. */
    public static List<JsonNode> alerts(SystemStack stack, ServiceProcess alerting, String query) {
        JsonNode page = stack.api().json(alerting.url() + "/v1/alerts?limit=500&" + query, SystemStack.AGENT_TOKEN);
        List<JsonNode> items = new ArrayList<>();
        page.path("items").forEach(items::add);
        return items;
    }

    /** One alert with its timeline and deliveries. */
    public static JsonNode alert(SystemStack stack, ServiceProcess alerting, long id) {
        return stack.api().json(alerting.url() + "/v1/alerts/" + id, SystemStack.OPERATOR_TOKEN);
    }

    /** The timeline entries of {@code kind} (fired, paged, escalated, note, …) of an alert view. */
    public static List<JsonNode> timeline(JsonNode alert, String kind) {
        List<JsonNode> out = new ArrayList<>();
        alert.path("timeline").forEach(e -> {
            if (kind.equals(e.path("kind").asText())) {
                out.add(e);
            }
        });
        return out;
    }

    /** The fake PagerDuty's requests grouped by dedup key, each group oldest first. */
    public static Map<String, List<FakePager.Page>> byDedupKey(List<FakePager.Page> pages) {
        Map<String, List<FakePager.Page>> out = new LinkedHashMap<>();
        for (FakePager.Page p : pages) {
            out.computeIfAbsent(p.dedupKey(), k -> new ArrayList<>()).add(p);
        }
        return out;
    }

    /** The outbox backlog gauge ({@code packops_outbox_backlog}) of an alerting replica. */
    public static double backlog(SystemStack stack, ServiceProcess alerting) {
        return Api.metric(stack.api().metrics(alerting.url()), "packops_outbox_backlog").orElse(-1.0);
    }
}
