package io.packops.alerting.paging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** PagerDuty Events API v2: alert events ({@code /v2/enqueue}) and change events ({@code /v2/change/enqueue}). */
@ApplicationScoped
public class PagerDutyNotifier {

    static final int SUMMARY_MAX = 1024;
    static final String SOURCE = "packops-alerting";
    private static final ObjectMapper STORE = new ObjectMapper();

    @Inject
    PagingConfig config;

    @Inject
    ObjectMapper json;

    public String eventsUrl() {
        return stripSlash(config.pagerdutyUrl()) + "/v2/enqueue";
    }

    public String changeUrl() {
        return stripSlash(config.pagerdutyUrl()) + "/v2/change/enqueue";
    }

    /** A trigger carries the whole alert; acknowledge and resolve carry only routing_key, dedup_key and event_action. */
    public ObjectNode event(PageRequest r, PageTarget target) {
        ObjectNode body = json.createObjectNode();
        body.put("routing_key", target.routeKey());
        body.put("event_action", r.action());
        body.put("dedup_key", r.dedupKey());
        if (!"trigger".equals(r.action())) {
            return body;
        }
        ObjectNode payload = body.putObject("payload");
        payload.put("summary", truncate(r.summary() == null ? r.dedupKey() : r.summary(), SUMMARY_MAX));
        payload.put("severity", severity(r.severity()));
        payload.put("source", SOURCE);
        putIfPresent(payload, "component", r.labels().get("pack"));
        putIfPresent(payload, "group", r.labels().get("connector"));
        putIfPresent(payload, "class", r.rule());
        payload.put("timestamp", iso(r.at()));
        ObjectNode custom = payload.putObject("custom_details");
        custom.set("labels", json.valueToTree(r.labels()));
        custom.set("details", json.valueToTree(r.details()));
        custom.put("level", r.level());
        custom.set("people", json.valueToTree(r.people()));
        putIfPresent(custom, "owner", r.ownerTeam());
        if (target.fallback()) {
            custom.put("route", "fallback");
            custom.put("fallback_reason", target.fallbackReason());
        }
        links(body, r.runbookUrl(), r.alertUrl());
        body.put("client", config.clientName());
        body.put("client_url", r.alertUrl() != null ? r.alertUrl() : config.externalUrl());
        return body;
    }

    /** A change event for a new pack release (shown next to incidents on the service's timeline). */
    public ObjectNode change(String routingKey, String pack, String version, String connector, Instant at, String team,
                             String fallbackReason) {
        ObjectNode body = json.createObjectNode();
        body.put("routing_key", routingKey);
        ObjectNode payload = body.putObject("payload");
        payload.put("summary", truncate("Pack " + pack + " " + version + " released"
                + (connector == null ? "" : " (" + connector + ")"), SUMMARY_MAX));
        payload.put("source", SOURCE);
        payload.put("timestamp", iso(at));
        ObjectNode custom = payload.putObject("custom_details");
        custom.put("pack", pack);
        custom.put("version", version);
        putIfPresent(custom, "connector", connector);
        putIfPresent(custom, "owner", team);
        if (fallbackReason != null) {
            custom.put("route", "fallback");
            custom.put("fallback_reason", fallbackReason);
        }
        ArrayNode links = body.putArray("links");
        links.addObject().put("href", stripSlash(config.externalUrl()) + "/v1/alerts?pack=" + pack).put("text", "packops alerts for " + pack);
        return body;
    }

    /**
     * The payload as the outbox keeps it: without {@code routing_key} (a secret, sealed in the row's own column and put
     * back by {@link #withRoutingKey} when it is sent).
     */
    static String withoutRoutingKey(String payload) {
        try {
            JsonNode node = STORE.readTree(payload);
            if (node instanceof ObjectNode o) {
                o.remove("routing_key");
                return o.toString();
            }
            return payload;
        } catch (JsonProcessingException e) {
            return payload; // not JSON: nothing to take out
        }
    }

    /** The payload to send: {@code routing_key} first, then the stored fields (a row from before V20 has it already). */
    static String withRoutingKey(String payload, String routingKey) {
        try {
            JsonNode stored = STORE.readTree(payload);
            ObjectNode body = STORE.createObjectNode();
            body.put("routing_key", routingKey);
            stored.fields().forEachRemaining(f -> {
                if (!f.getKey().equals("routing_key")) {
                    body.set(f.getKey(), f.getValue());
                }
            });
            return body.toString();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored PagerDuty payload is not JSON", e);
        }
    }

    static String severity(String severity) {
        String s = severity == null ? "" : severity.toLowerCase(Locale.ROOT);
        return switch (s) {
            case "critical", "error", "warning", "info" -> s;
            case "page", "high" -> "critical";
            case "warn", "medium" -> "warning";
            case "low" -> "info";
            default -> "error"; // unknown: wake someone rather than bury it
        };
    }

    static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    static String iso(Instant at) {
        return (at == null ? Instant.now() : at).truncatedTo(ChronoUnit.MILLIS).toString();
    }

    private static void links(ObjectNode body, String runbookUrl, String alertUrl) {
        ArrayNode links = body.putArray("links");
        if (runbookUrl != null) {
            links.addObject().put("href", runbookUrl).put("text", "Runbook");
        }
        if (alertUrl != null) {
            links.addObject().put("href", alertUrl).put("text", "Alert in packops");
        }
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
