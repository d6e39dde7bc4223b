package io.packops.alerting.paging;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * Generic webhook in Alertmanager's v4 payload shape, so anything that consumes Alertmanager webhooks
 * (bots, ticketing bridges) consumes packops pages unchanged. Alertmanager has no acknowledge: an
 * acknowledgement goes out as {@code firing} with an {@code acknowledged} annotation.
 */
@ApplicationScoped
public class WebhookNotifier {

    static final String ZERO_TIME = "0001-01-01T00:00:00Z";

    @Inject
    PagingConfig config;

    @Inject
    ObjectMapper json;

    public ObjectNode alertmanager(PageRequest r, PageTarget target, Instant startsAt) {
        boolean resolved = "resolve".equals(r.action());
        String status = resolved ? "resolved" : "firing";
        Map<String, String> labels = new TreeMap<>(r.labels());
        labels.put("alertname", r.rule());
        if (r.severity() != null) {
            labels.put("severity", r.severity());
        }
        Map<String, String> annotations = new TreeMap<>();
        annotations.put("summary", r.summary() == null ? r.dedupKey() : r.summary());
        if (r.runbookUrl() != null) {
            annotations.put("runbook_url", r.runbookUrl());
        }
        if (r.ownerTeam() != null) {
            annotations.put("owner", r.ownerTeam());
        }
        if ("trigger".equals(r.action())) {
            annotations.put("level", Integer.toString(r.level()));
            if (!r.people().isEmpty()) {
                annotations.put("people", String.join(",", r.people()));
            }
        }
        if ("acknowledge".equals(r.action())) {
            annotations.put("acknowledged", "true");
        }
        if (target.fallback()) {
            annotations.put("route", "fallback: " + target.fallbackReason());
        }

        ObjectNode body = json.createObjectNode();
        body.put("version", "4");
        body.put("groupKey", groupKey(labels));
        body.put("truncatedAlerts", 0);
        body.put("status", status);
        body.put("receiver", target.team() == null ? "packops-fallback" : target.team());
        body.set("groupLabels", json.valueToTree(labels));
        body.set("commonLabels", json.valueToTree(labels));
        body.set("commonAnnotations", json.valueToTree(annotations));
        body.put("externalURL", config.externalUrl());
        ObjectNode alert = body.putArray("alerts").addObject();
        alert.put("status", status);
        alert.set("labels", json.valueToTree(labels));
        alert.set("annotations", json.valueToTree(annotations));
        alert.put("startsAt", PagerDutyNotifier.iso(startsAt == null ? r.at() : startsAt));
        alert.put("endsAt", resolved ? PagerDutyNotifier.iso(r.at()) : ZERO_TIME);
        alert.put("generatorURL", r.alertUrl() == null ? config.externalUrl() : r.alertUrl());
        alert.put("fingerprint", fingerprint(labels));
        return body;
    }

    /** Alertmanager's group key shape: {@code {}:{alertname="…", connector="…"}}. */
    static String groupKey(Map<String, String> labels) {
        StringBuilder sb = new StringBuilder("{}:{");
        labels.forEach((k, v) -> sb.append(k).append("=\"").append(v.replace("\"", "\\\"")).append("\", "));
        if (!labels.isEmpty()) {
            sb.setLength(sb.length() - 2);
        }
        return sb.append('}').toString();
    }

    /** Prometheus' label-set fingerprint: FNV-1a 64 over sorted names and values, 0xff-separated, as 16 hex digits. */
    static String fingerprint(Map<String, String> sortedLabels) {
        long hash = 0xcbf29ce484222325L;
        for (Map.Entry<String, String> e : sortedLabels.entrySet()) {
            hash = fnv(hash, e.getKey().getBytes(StandardCharsets.UTF_8));
            hash = fnv(hash, new byte[]{(byte) 0xff});
            hash = fnv(hash, e.getValue().getBytes(StandardCharsets.UTF_8));
            hash = fnv(hash, new byte[]{(byte) 0xff});
        }
        return String.format("%016x", hash);
    }

    private static long fnv(long hash, byte[] bytes) {
        for (byte b : bytes) {
            hash ^= (b & 0xff);
            hash *= 0x100000001b3L;
        }
        return hash;
    }
}
