package io.packops.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.packops.cli.client.Api;
import io.packops.launcher.FakePager.Page;
import io.packops.launcher.FakePager;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The local stand-in for PagerDuty and Slack, plus the stack's control panel, on one loopback port (8084).
 * <ul>
 *   <li>The launcher's {@link FakePager}: {@code POST /v2/enqueue}, {@code POST /v2/change/enqueue} (PagerDuty Events
 *       API v2, validated as PagerDuty does and recorded), {@code POST /slack/…}, {@code POST /webhook/…}, and
 *       {@code GET /pages} (JSON, newest last; {@code ?since=<seq>}).</li>
 *   <li>{@code GET /}: what was delivered, as an HTML table.</li>
 *   <li>{@code /control/…} (admin token): pause/resume the telemetry stream, stop/start a service — what
 *       {@code packops drill} uses to rehearse silent telemetry and ownership-service going down.</li>
 * </ul>
 */
public final class DemoServer implements AutoCloseable {

    /** What the control endpoints act on (the running stack). */
    public interface Control {
        TelemetryStream stream();

        /** Stops a service process; false when there is no such service. */
        boolean stopService(String name) throws Exception;

        /** Starts a stopped service again and waits until it is ready; false when there is no such service. */
        boolean startService(String name) throws Exception;

        List<String> services();

        boolean running(String name);
    }

    private final FakePager pager;
    private final String adminToken;
    private final Control control;

    public DemoServer(int port, String adminToken, Control control) {
        this.adminToken = adminToken;
        this.control = control;
        this.pager = new FakePager(port, this::handle);
    }

    public int port() {
        return pager.port();
    }

    /** What the fake pager delivered, oldest first. */
    public List<Page> pages() {
        return pager.delivered();
    }

    @Override
    public void close() {
        pager.close();
    }

    /** What is not the fake pager's: the HTML view and the control panel. */
    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String method = ex.getRequestMethod();
        if (method.equals("GET") && path.equals("/")) {
            send(ex, 200, "text/html; charset=utf-8", html());
        } else if (path.startsWith("/control/")) {
            control(ex, method, path);
        } else {
            send(ex, 404, "application/json", "{\"message\":\"no such endpoint: " + method + " " + path + "\"}");
        }
    }

    private void control(HttpExchange ex, String method, String path) throws IOException {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth == null || !MessageDigest.isEqual(("Bearer " + adminToken).getBytes(StandardCharsets.UTF_8),
                auth.getBytes(StandardCharsets.UTF_8))) {
            send(ex, 401, "application/json", "{\"message\":\"the admin token of .packops/tokens.env is required\"}");
            return;
        }
        try {
            if (method.equals("GET") && path.equals("/control/status")) {
                ObjectNode out = Api.JSON.createObjectNode();
                out.putObject("telemetry").put("paused", control.stream().paused()).put("eventsSent", control.stream().eventsSent())
                        .put("lastError", control.stream().lastError());
                ObjectNode services = out.putObject("services");
                control.services().forEach(s -> services.put(s, control.running(s) ? "running" : "stopped"));
                send(ex, 200, "application/json", out.toString());
            } else if (method.equals("POST") && path.equals("/control/telemetry/pause")) {
                control.stream().pause();
                send(ex, 200, "application/json", "{\"paused\":true}");
            } else if (method.equals("POST") && path.equals("/control/telemetry/resume")) {
                control.stream().resume();
                send(ex, 200, "application/json", "{\"paused\":false}");
            } else if (method.equals("POST") && path.matches("/control/services/[a-z-]+/(stop|start)")) {
                String[] parts = path.split("/");
                boolean ok = parts[4].equals("stop") ? control.stopService(parts[3]) : control.startService(parts[3]);
                if (!ok) {
                    send(ex, 404, "application/json", "{\"message\":\"no service " + parts[3] + "\"}");
                } else {
                    send(ex, 200, "application/json", "{\"service\":\"" + parts[3] + "\",\"state\":\""
                            + (control.running(parts[3]) ? "running" : "stopped") + "\"}");
                }
            } else {
                send(ex, 404, "application/json", "{\"message\":\"no such control: " + method + " " + path + "\"}");
            }
        } catch (Exception e) {
            send(ex, 503, "application/json", Api.JSON.createObjectNode().put("message", String.valueOf(e.getMessage())).toString());
        }
    }

    private String html() {
        StringBuilder s = new StringBuilder("""
                <!doctype html><html><head><meta charset="utf-8"><meta http-equiv="refresh" content="5">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>packops fake pager</title><style>body{font-family:sans-serif;margin:2em}td,th{padding:4px 8px;
                border-bottom:1px solid #ddd;text-align:left;vertical-align:top}code{font-size:90%;word-break:break-all}
                .muted{color:#666}</style></head><body>
                <h1>Fake pager</h1><p>What packops sent to PagerDuty, Slack and webhooks on this machine (newest first,
                refreshes every 5 s). An escalation is a trigger with a higher level; acknowledge and resolve name the
                incident they close (same dedup key). JSON: <a href="/pages">/pages</a>.</p><table><tr><th>#</th>
                <th>received</th><th>channel</th><th>action</th><th>level: people</th><th>routing key / hook</th>
                <th>dedup key</th><th>summary</th><th>links</th></tr>
                """);
        List<Page> all = new ArrayList<>(pages());
        // the summary each dedup key was last triggered with: acknowledge and resolve carry none of their own
        Map<String, String> triggered = new HashMap<>();
        for (Page p : all) {
            JsonNode b = p.body();
            if (b.path("event_action").asText().equals("trigger")) {
                triggered.put(b.path("dedup_key").asText(), b.path("payload").path("summary").asText(""));
            }
        }
        java.util.Collections.reverse(all);
        for (Page p : all) {
            s.append(row(p, triggered));
        }
        return s.append("</table></body></html>").toString();
    }

    /** One recorded request as a table row. */
    static String row(Page p, Map<String, String> triggered) {
        JsonNode b = p.body();
        String action = b.path("event_action").asText("");
        String dedup = b.path("dedup_key").asText("");
        String summary = esc(b.path("payload").path("summary").asText(b.path("text").asText(
                b.path("commonAnnotations").path("summary").asText(""))));
        if (summary.isEmpty() && (action.equals("acknowledge") || action.equals("resolve")) && triggered.containsKey(dedup)) {
            summary = "<span class=\"muted\">" + action + "s: </span>" + esc(triggered.get(dedup));
        }
        JsonNode custom = b.path("payload").path("custom_details");
        String level = "";
        if (custom.has("level")) {
            List<String> people = new ArrayList<>();
            custom.path("people").forEach(n -> people.add(n.asText()));
            level = "level " + custom.path("level").asInt() + (people.isEmpty() ? "" : ": " + String.join(", ", people))
                    + (custom.path("route").asText().equals("fallback") ? " (fallback route)" : "");
        }
        StringBuilder links = new StringBuilder();
        for (JsonNode l : b.path("links")) {
            links.append("<a href=\"").append(esc(l.path("href").asText())).append("\">").append(esc(l.path("text").asText("link"))).append("</a> ");
        }
        return "<tr><td>" + p.seq() + "</td><td>" + p.at() + "</td><td>" + p.channel() + "</td><td>" + esc(action)
                + "</td><td>" + esc(level) + "</td><td><code>" + esc(b.path("routing_key").asText(p.path())) + "</code></td><td><code>"
                + esc(dedup) + "</code></td><td>" + summary + "</td><td>" + links + "</td></tr>\n";
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        FakePager.send(ex, status, type, body);
    }
}
