package io.packops.servicekit.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Answers a request whose declared {@code Content-Length} is over {@code packops.http.max-body-size} with a 413
 * problem, before any of the body is read (Vert.x's own limit, {@code quarkus.http.limits.max-body-size}, answers a
 * bare 413 without a reason). A service that reads a chunked body itself counts it against {@link #limit()} and
 * refuses it with {@link #tooLarge(long)} one byte past the limit (ingest's events); elsewhere Vert.x cuts it.
 */
@ApplicationScoped
public class RequestSizeLimit {

    @ConfigProperty(name = "packops.http.max-body-size", defaultValue = "${quarkus.http.limits.max-body-size:10M}")
    MemorySize maxBodySize;

    void install(@Observes Router router, ObjectMapper json) {
        long max = limit();
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

    /** The most bytes a request body may have. */
    public long limit() {
        return maxBodySize.asLongValue();
    }

    /** The 413 problem for a body over {@code max} bytes. */
    public static ProblemException tooLarge(long max) {
        return new ProblemException(413, "Content Too Large", "the body is larger than " + human(max)
                + ", this service's limit; send smaller bodies");
    }

    private static boolean tooLarge(String declared, long max) {
        try {
            return Long.parseLong(declared.trim()) > max;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    static String human(long bytes) {
        if (bytes % (1024 * 1024) == 0) {
            return bytes / (1024 * 1024) + " MiB";
        }
        if (bytes % 1024 == 0) {
            return bytes / 1024 + " KiB";
        }
        return bytes + " bytes";
    }
}
