package io.packops.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.util.Optional;

/**
 * One answer of a service: status, content type, {@code Retry-After}, the text, and the text parsed as JSON
 * ({@link MissingNode} when it was empty or not JSON).
 */
public record Response(int status, String contentType, Optional<String> retryAfter, String text, JsonNode body) {

    /** An answer made here rather than received (a refusal decided before any request). */
    public static Response of(int status, JsonNode body) {
        return new Response(status, "application/json", Optional.empty(), body.toString(), body);
    }

    public boolean ok() {
        return status / 100 == 2;
    }

    /** The body as JSON; an {@link IllegalStateException} when the text is not JSON. */
    public JsonNode json() {
        if (body.isMissingNode() && !text.isBlank()) {
            throw new IllegalStateException("not JSON (" + status + "): " + text);
        }
        return body;
    }

    /** "status: problem detail", for messages. */
    public String describe() {
        String detail = body.path("detail").asText(body.path("title").asText(text));
        return status + (detail.isBlank() ? "" : ": " + (detail.length() > 300 ? detail.substring(0, 300) + " …" : detail));
    }

    @Override
    public String toString() {
        return status + " " + contentType + " " + (text.length() > 400 ? text.substring(0, 400) + "…" : text);
    }
}
