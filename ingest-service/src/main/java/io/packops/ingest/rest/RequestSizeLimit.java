package io.packops.ingest.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Answers a request whose declared {@code Content-Length} is over {@code quarkus.http.limits.max-body-size}
 * with a 413 problem, before any of the body is read. Without this Vert.x closes the connection with a
 * bare 413 (or none at all while the client is still sending).
 */
@ApplicationScoped
public class RequestSizeLimit {

    void install(@Observes Router router, ObjectMapper json,
                 @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10M") MemorySize limit) {
        long max = limit.asLongValue();
        String body;
        try {
            body = json.writeValueAsString(Problem.of(413, "Content Too Large",
                    "the body is larger than " + human(max) + "; send smaller batches"));
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
