package io.packops.alerting.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A request declaring a body over {@code quarkus.http.limits.max-body-size} gets a 413 problem before any of it is
 * read; Vert.x's own refusal is a bare 413 without a reason. (A chunked body over the limit is still cut by Vert.x.)
 */
@ApplicationScoped
public class RequestSizeLimit {

    void install(@Observes Router router, ObjectMapper json,
                 @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize limit) throws Exception {
        long max = limit.asLongValue();
        String problem = json.writeValueAsString(Problem.of(413, "Content Too Large",
                "the body is larger than " + max / (1024 * 1024) + " MiB, this service's limit"));
        router.route().order(Integer.MIN_VALUE + 100).handler(ctx -> {
            String declared = ctx.request().getHeader("Content-Length");
            long length;
            try {
                length = declared == null ? -1 : Long.parseLong(declared.trim());
            } catch (NumberFormatException e) {
                length = -1;
            }
            if (length > max) {
                ctx.response().setStatusCode(413).putHeader("Content-Type", Problem.MEDIA_TYPE)
                        .putHeader("Connection", "close").end(problem);
            } else {
                ctx.next();
            }
        });
    }
}
