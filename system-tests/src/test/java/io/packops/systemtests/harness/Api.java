package io.packops.systemtests.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/** A small HTTP client for the services' APIs (bearer token, JSON), with bounded timeouts. */
public final class Api {

    public static final ObjectMapper JSON = new ObjectMapper();

    /** One answer: status, content type, Retry-After, body. */
    public record Answer(int status, String contentType, Optional<String> retryAfter, String body) {

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("not JSON (" + status + "): " + body, e);
            }
        }

        @Override
        public String toString() {
            return status + " " + contentType + " " + (body.length() > 400 ? body.substring(0, 400) + "…" : body);
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3))
            .version(HttpClient.Version.HTTP_1_1).build();

    /** POST; throws IOException when there is no answer (refused, reset, timed out). */
    public Answer post(String url, String token, String contentType, byte[] body, Duration timeout)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return send(b, token);
    }

    public Answer get(String url, String token, Duration timeout) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET(), token);
    }

    /** GET that must answer 200 with JSON. */
    public JsonNode json(String url, String token) {
        Answer a = unchecked(() -> get(url, token, Duration.ofSeconds(20)));
        if (a.status() != 200) {
            throw new IllegalStateException("GET " + url + " answered " + a);
        }
        return a.json();
    }

    /** POST of a JSON body (or none) that must answer 2xx. */
    public JsonNode postJson(String url, String token, String body) {
        Answer a = unchecked(() -> post(url, token, "application/json",
                (body == null ? "" : body).getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(20)));
        if (a.status() / 100 != 2) {
            throw new IllegalStateException("POST " + url + " answered " + a);
        }
        return a.body().isEmpty() ? JSON.createObjectNode() : a.json();
    }

    /** The Prometheus text of {@code <service>/q/metrics}. */
    public String metrics(String serviceUrl) {
        Answer a = unchecked(() -> get(serviceUrl + "/q/metrics", null, Duration.ofSeconds(10)));
        if (a.status() != 200) {
            throw new IllegalStateException("metrics answered " + a);
        }
        return a.body();
    }

    /** The value of the first sample of {@code name} in Prometheus text, if present. */
    public static Optional<Double> metric(String prometheusText, String name) {
        return metric(prometheusText, name, "");
    }

    /** The value of the first sample of {@code name} whose labels contain {@code labels} ({@code sweep="compat"}). */
    public static Optional<Double> metric(String prometheusText, String name, String labels) {
        for (String line : prometheusText.lines().toList()) {
            if ((line.startsWith(name + " ") && labels.isEmpty()) || (line.startsWith(name + "{") && line.contains(labels))) {
                String[] parts = line.trim().split("\\s+");
                return Optional.of(Double.parseDouble(parts[parts.length - 1]));
            }
        }
        return Optional.empty();
    }

    private Answer send(HttpRequest.Builder b, String token) throws IOException, InterruptedException {
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""),
                r.headers().firstValue("Retry-After"), r.body() == null ? "" : r.body());
    }

    interface Call<T> {
        T call() throws IOException, InterruptedException;
    }

    static <T> T unchecked(Call<T> call) {
        try {
            return call.call();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
