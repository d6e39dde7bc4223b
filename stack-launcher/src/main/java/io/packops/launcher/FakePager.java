package io.packops.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * The stand-in for PagerDuty, Slack and generic webhooks, on one loopback port (the JDK's HTTP server).
 * <ul>
 *   <li>{@code POST /v2/enqueue}, {@code POST /v2/change/enqueue}: PagerDuty's Events API v2, answered as PagerDuty does
 *       (202 with the dedup key; 400 "invalid event" with the reasons: no {@code routing_key}, a bad
 *       {@code event_action}, a trigger without {@code payload.summary}, an acknowledge or resolve without
 *       {@code dedup_key}). During an {@link #outage} it answers 500, then 429 with {@code Retry-After}, in turn.</li>
 *   <li>{@code POST /slack/…}, {@code POST /webhook/…}: recorded as Slack and generic webhook posts.</li>
 *   <li>{@code GET /pages[?since=<seq>]}: what was delivered, as JSON, oldest first.</li>
 * </ul>
 * Any other request goes to the handler given at construction (a control panel), else 404.
 */
public final class FakePager implements AutoCloseable {

    /** One request the fake received and the status it answered; {@code seq} counts every request from 1. */
    public record Page(long seq, Instant at, String channel, String path, int status, JsonNode body) {

        public boolean delivered() {
            return status >= 200 && status < 300;
        }

        public boolean trigger() {
            return "trigger".equals(action());
        }

        public String routingKey() {
            return text(body.get("routing_key"));
        }

        public String action() {
            return text(body.get("event_action"));
        }

        public String dedupKey() {
            return text(body.get("dedup_key"));
        }

        /** The escalation level packops put in {@code custom_details}, or null. */
        public Integer level() {
            JsonNode custom = body.path("payload").path("custom_details");
            return custom.has("level") ? custom.get("level").asInt() : null;
        }

        /** {@code custom_details.route} ("fallback" when the owner was unknown), or null. */
        public String route() {
            return text(body.path("payload").path("custom_details").get("route"));
        }

        @Override
        public String toString() {
            return at + " " + status + " " + action() + " " + dedupKey() + " level=" + level() + " key=" + routingKey()
                    + (route() == null ? "" : " route=" + route());
        }

        private static String text(JsonNode n) {
            return n == null || n.isNull() ? null : n.asText();
        }
    }

    private static final List<String> EVENTS_PATHS = List.of("/v2/enqueue", "/v2/change/enqueue");

    private final HttpServer server;
    private final HttpHandler other;
    private final List<Page> pages = new ArrayList<>();
    /** Per Events API path during an outage: whether the next answer is the 429 (else the 500). */
    private final Map<String, Boolean> throttleNext = new HashMap<>();
    private Duration retryAfter;

    /** On {@code port} of the loopback interface (0: a free one); {@code other} answers what is not the pager's (null: 404). */
    public FakePager(int port, HttpHandler other) {
        this.other = other;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("the fake pager cannot listen on port " + port, e);
        }
        server.setExecutor(Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "packops-fake-pager");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    /** A fake pager on a free loopback port, answering as PagerDuty does. */
    public static FakePager start() {
        return new FakePager(0, null);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url() {
        return "http://127.0.0.1:" + port();
    }

    /** From now on every Events API request is refused: 500, then 429 with {@code Retry-After: 2}, in turn. */
    public void outage() {
        outage(Duration.ofSeconds(2));
    }

    /** As {@link #outage()}, the 429s asking for {@code retryAfter}. */
    public synchronized void outage(Duration retryAfter) {
        this.retryAfter = retryAfter;
        throttleNext.clear();
    }

    /** From now on PagerDuty answers again. */
    public synchronized void recover() {
        retryAfter = null;
    }

    /** Every request received so far, with its answer, oldest first. */
    public synchronized List<Page> pages() {
        return List.copyOf(pages);
    }

    /** The requests answered 2xx (what PagerDuty, Slack or the webhook accepted), oldest first. */
    public List<Page> delivered() {
        return pages().stream().filter(Page::delivered).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            if (method.equals("POST") && EVENTS_PATHS.contains(path)) {
                events(ex, path);
            } else if (method.equals("POST") && (path.startsWith("/slack/") || path.startsWith("/webhook/"))) {
                hook(ex, path);
            } else if (method.equals("GET") && path.equals("/pages")) {
                send(ex, 200, "application/json", pagesJson(longParam(ex, "since")));
            } else if (other != null) {
                other.handle(ex);
            } else {
                send(ex, 404, "application/json", "{\"message\":\"no such endpoint: " + method + " " + path + "\"}");
            }
        } catch (RuntimeException e) {
            send(ex, 500, "application/json", "{\"message\":\"" + e.getClass().getSimpleName() + "\"}");
        }
    }

    /** PagerDuty's Events API v2: the outage's refusal, else 202 with a dedup key or 400 "invalid event" with the reasons. */
    private void events(HttpExchange ex, String path) throws IOException {
        JsonNode body = readJson(ex);
        JsonNode recorded = body == null ? Http.JSON.createObjectNode() : body;
        boolean change = path.equals("/v2/change/enqueue");
        String channel = change ? "pagerduty-change" : "pagerduty";
        Integer refusal = refusal(path);
        if (refusal != null && refusal == 429) {
            ex.getResponseHeaders().set("Retry-After", Long.toString(retryAfterSeconds()));
            answer(ex, channel, path, recorded, 429, Http.JSON.createObjectNode().put("status", "throttle exceeded")
                    .put("message", "Requests for this service are arriving too quickly"));
            return;
        }
        if (refusal != null) {
            answer(ex, channel, path, recorded, 500, Http.JSON.createObjectNode().put("status", "error")
                    .put("message", "internal error (fake outage)"));
            return;
        }
        List<String> errors = invalid(body, change);
        if (!errors.isEmpty()) {
            ObjectNode out = Http.JSON.createObjectNode().put("status", "invalid event").put("message", "Event object is invalid");
            errors.forEach(out.putArray("errors")::add);
            answer(ex, channel, path, recorded, 400, out);
            return;
        }
        String dedup = body.path("dedup_key").asText("");
        answer(ex, channel, path, body, 202, Http.JSON.createObjectNode().put("status", "success")
                .put("message", "Event processed").put("dedup_key", dedup.isBlank() ? sha256(body.toString()).substring(0, 32) : dedup));
    }

    /** What PagerDuty would refuse the event for (empty: valid). */
    static List<String> invalid(JsonNode body, boolean change) {
        List<String> errors = new ArrayList<>();
        if (body == null || !body.isObject()) {
            errors.add("body is not a JSON object");
            return errors;
        }
        if (body.path("routing_key").asText("").isBlank()) {
            errors.add("'routing_key' is missing or blank");
        }
        String action = body.path("event_action").asText("");
        if (!change && !List.of("trigger", "acknowledge", "resolve").contains(action)) {
            errors.add("'event_action' is invalid");
        }
        if ((change || action.equals("trigger")) && body.path("payload").path("summary").asText("").isBlank()) {
            errors.add("'payload.summary' is missing or blank");
        }
        if (!change && !action.equals("trigger") && body.path("dedup_key").asText("").isBlank()) {
            errors.add("'dedup_key' is required for " + action);
        }
        return errors;
    }

    /** During an outage, the status this request of {@code path} is refused with (500 and 429 in turn); null otherwise. */
    private synchronized Integer refusal(String path) {
        if (retryAfter == null) {
            return null;
        }
        boolean throttle = throttleNext.getOrDefault(path, false);
        throttleNext.put(path, !throttle);
        return throttle ? 429 : 500;
    }

    private synchronized long retryAfterSeconds() {
        return retryAfter == null ? 0 : retryAfter.toSeconds();
    }

    private void hook(HttpExchange ex, String path) throws IOException {
        JsonNode body = readJson(ex);
        String channel = path.startsWith("/slack/") ? "slack" : "webhook";
        if (body == null) {
            record(channel, path, 400, Http.JSON.createObjectNode());
            send(ex, 400, "text/plain", "invalid_payload");
            return;
        }
        record(channel, path, 200, body);
        send(ex, 200, "text/plain", "ok");
    }

    private void answer(HttpExchange ex, String channel, String path, JsonNode body, int status, JsonNode answer) throws IOException {
        record(channel, path, status, body);
        send(ex, status, "application/json", answer.toString());
    }

    private synchronized void record(String channel, String path, int status, JsonNode body) {
        pages.add(new Page(pages.size() + 1L, Instant.now(), channel, path, status, body));
    }

    private String pagesJson(long since) {
        ArrayNode out = Http.JSON.createArrayNode();
        for (Page p : delivered()) {
            if (p.seq() > since) {
                out.addObject().put("seq", p.seq()).put("receivedAt", p.at().toString())
                        .put("channel", p.channel()).put("path", p.path()).set("body", p.body());
            }
        }
        return out.toString();
    }

    private static JsonNode readJson(HttpExchange ex) {
        try (InputStream in = ex.getRequestBody()) {
            return Http.JSON.readTree(in.readNBytes(1 << 20));
        } catch (IOException e) {
            return null;
        }
    }

    private static long longParam(HttpExchange ex, String name) {
        String q = ex.getRequestURI().getQuery();
        if (q == null) {
            return 0;
        }
        for (String kv : q.split("&")) {
            if (kv.startsWith(name + "=")) {
                try {
                    return Long.parseLong(kv.substring(name.length() + 1));
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 0;
    }

    /** Answers {@code ex} with {@code status} and {@code body} of {@code type}. */
    public static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String sha256(String s) {
        try {
            StringBuilder hex = new StringBuilder();
            for (byte b : MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8))) {
                hex.append(String.format("%02x", b));
            }
            return hex.toString();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
