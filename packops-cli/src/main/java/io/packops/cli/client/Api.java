package io.packops.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * The three services as the demo and the drill see them: base URLs plus the role tokens of
 * {@code .packops/tokens.env}. JSON as trees (no reflection, native-friendly). Errors come back as
 * {@link Response}s, never thrown, except when a service cannot be reached at all ({@link Unreachable}).
 */
public final class Api {

    public static final ObjectMapper JSON = new ObjectMapper();
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    public record Urls(String ingest, String alerting, String ownership) {
        public static Urls local(int ingestPort, int alertingPort, int ownershipPort) {
            return new Urls("http://localhost:" + ingestPort, "http://localhost:" + alertingPort,
                    "http://localhost:" + ownershipPort);
        }
    }

    /** A status and a parsed body (MissingNode when the body was empty or not JSON). */
    public record Response(int status, JsonNode body, String text) {
        public boolean ok() {
            return status / 100 == 2;
        }

        /** "status: problem detail" for messages. */
        public String describe() {
            String detail = body.path("detail").asText(body.path("title").asText(text == null ? "" : text));
            return status + (detail.isBlank() ? "" : ": " + (detail.length() > 300 ? detail.substring(0, 300) + " …" : detail));
        }
    }

    /** The service did not answer (connection refused, timeout). */
    public static final class Unreachable extends RuntimeException {
        public Unreachable(String what, Throwable cause) {
            super(what + " did not answer: " + reason(cause), cause);
        }

        private static String reason(Throwable cause) {
            if (cause.getMessage() != null) {
                return cause.getMessage();
            }
            // the JDK client's connect failures carry no message; say what happened, not the class name
            return cause instanceof java.net.ConnectException ? "connection refused"
                    : cause instanceof java.net.http.HttpTimeoutException ? "timed out"
                    : cause instanceof InterruptedException ? "interrupted" : cause.getClass().getSimpleName();
        }
    }

    private final Urls urls;
    private final Map<String, String> tokens;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    /** {@code tokens}: {@code PACKOPS_TOKEN_<ROLE>} → token. */
    public Api(Urls urls, Map<String, String> tokens) {
        this.urls = urls;
        this.tokens = Map.copyOf(tokens);
    }

    public Urls urls() {
        return urls;
    }

    public String token(String role) {
        return tokens.get("PACKOPS_TOKEN_" + role.toUpperCase(java.util.Locale.ROOT));
    }

    public Response get(String url, String role) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET().timeout(REQUEST_TIMEOUT), role, url);
    }

    public Response post(String url, String role, String contentType, String body) {
        return post(url, role, contentType, body, REQUEST_TIMEOUT);
    }

    /** A POST that may take longer than a request should (the control panel's start waits for readiness). */
    public Response post(String url, String role, String contentType, String body, Duration timeout) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).timeout(timeout), role, url);
    }

    public Response delete(String url, String role) {
        return send(HttpRequest.newBuilder(URI.create(url)).DELETE().timeout(REQUEST_TIMEOUT), role, url);
    }

    public Response postJson(String url, String role, Object body) {
        try {
            return post(url, role, "application/json", body instanceof String s ? s : JSON.writeValueAsString(body));
        } catch (IOException e) {
            throw new IllegalArgumentException("not serialisable: " + e.getMessage(), e);
        }
    }

    private Response send(HttpRequest.Builder request, String role, String url) {
        String token = role == null ? null : token(role);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        request.header("Accept", "application/json, application/problem+json");
        try {
            HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body;
            try {
                body = r.body() == null || r.body().isBlank() ? MissingNode.getInstance() : JSON.readTree(r.body());
            } catch (IOException notJson) {
                body = MissingNode.getInstance();
            }
            return new Response(r.statusCode(), body == null ? MissingNode.getInstance() : body, r.body());
        } catch (IOException e) {
            throw new Unreachable(url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreachable(url, e);
        }
    }

    public static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
