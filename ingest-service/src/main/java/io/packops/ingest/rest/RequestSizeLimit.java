package io.packops.ingest.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.packops.ingest.config.IngestConfig;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Answers a request whose declared {@code Content-Length} is over {@code packops.ingest.max-body-size}
 * with a 413 problem, before any of the body is read. A chunked body (no declared length) is counted as
 * {@link EventResource} reads it, and refused with the same problem one byte past the limit. Vert.x's own
 * limit ({@code quarkus.http.limits.max-body-size}, higher) would answer a bare 413 and close.
 */
@ApplicationScoped
public class RequestSizeLimit {

    void install(@Observes Router router, ObjectMapper json, IngestConfig config) {
        long max = config.maxBodySize().asLongValue();
        String body;
        try {
            body = json.writeValueAsString(tooLarge(max).toProblem());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        router.route().order(Integer.MIN_VALUE + 100).handler(ctx -> {
            String declared = ctx.request().getHeader("Content-Length");
            if (declared != null && tooLarge(declared, max)) {
                ctx.response().setStatusCode(413)
                        .putHeader("Content-Type", Problem.MEDIA_TYPE)
                        .putHeader("Connection", "close")
                        .end(body);
                return;
            }
            ctx.next();
        });
    }

    /** The 413 problem for a body over {@code max} bytes. */
    static ProblemException tooLarge(long max) {
        return new ProblemException(413, "Content Too Large", "the body is larger than " + human(max) + "; send smaller batches");
    }

    private static boolean tooLarge(String declared, long max) {
        try {
            return Long.parseLong(declared.trim()) > max;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String human(long bytes) {
        if (bytes % (1024 * 1024) == 0) {
            return bytes / (1024 * 1024) + " MiB";
        }
        if (bytes % 1024 == 0) {
            return bytes / 1024 + " KiB";
        }
        return bytes + " bytes";
    }
}
