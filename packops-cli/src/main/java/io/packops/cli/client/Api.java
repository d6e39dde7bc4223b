package io.packops.cli.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.packops.launcher.Http;
import io.packops.launcher.Response;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * The three services as the demo and the drill see them: base URLs plus the role tokens of
 * {@code .packops/tokens.env}, over the launcher's {@link Http}. JSON as trees (no reflection, native-friendly). Errors
 * come back as {@link Response}s, never thrown, except when a service cannot be reached at all ({@link Unreachable}).
 */
public final class Api {

    public static final ObjectMapper JSON = Http.JSON;
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    public record Urls(String ingest, String alerting, String ownership) {
        public static Urls local(int ingestPort, int alertingPort, int ownershipPort) {
            return new Urls("http://localhost:" + ingestPort, "http://localhost:" + alertingPort,
                    "http://localhost:" + ownershipPort);
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
    private final Http http = new Http();

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
        request.header("Accept", "application/json, application/problem+json");
        try {
            return http.send(request, role == null ? null : token(role));
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
