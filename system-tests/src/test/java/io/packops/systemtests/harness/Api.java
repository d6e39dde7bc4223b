package io.packops.systemtests.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.packops.launcher.Http;
import io.packops.launcher.Response;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * The services' APIs as the tests call them, over the launcher's {@link Http} (bearer token, JSON, bounded timeouts):
 * a request without an answer is an {@link IOException}, an answer a {@link Response}; plus calls that must succeed
 * and Prometheus text.
 */
public final class Api {

    public static final ObjectMapper JSON = Http.JSON;

    private final Http http = new Http();

    /** POST; throws IOException when there is no answer (refused, reset, timed out). */
    public Response post(String url, String token, String contentType, byte[] body, Duration timeout)
            throws IOException, InterruptedException {
        return http.post(url, token, contentType, body, timeout);
    }

    public Response get(String url, String token, Duration timeout) throws IOException, InterruptedException {
        return http.get(url, token, timeout);
    }

    /** GET that must answer 200 with JSON. */
    public JsonNode json(String url, String token) {
        Response a = unchecked(() -> get(url, token, Duration.ofSeconds(20)));
        if (a.status() != 200) {
            throw new IllegalStateException("GET " + url + " answered " + a);
        }
        return a.json();
    }

    /** POST of a JSON body (or none) that must answer 2xx. */
    public JsonNode postJson(String url, String token, String body) {
        Response a = unchecked(() -> post(url, token, "application/json",
                (body == null ? "" : body).getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(20)));
        if (a.status() / 100 != 2) {
            throw new IllegalStateException("POST " + url + " answered " + a);
        }
        return a.text().isEmpty() ? JSON.createObjectNode() : a.json();
    }

    /** The Prometheus text of {@code <service>/q/metrics}. */
    public String metrics(String serviceUrl) {
        Response a = unchecked(() -> get(serviceUrl + "/q/metrics", null, Duration.ofSeconds(10)));
        if (a.status() != 200) {
            throw new IllegalStateException("metrics answered " + a);
        }
        return a.text();
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
