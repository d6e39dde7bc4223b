package io.packops.ingest.events;

import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import io.packops.servicekit.problem.Problem;
import io.packops.servicekit.problem.ProblemException;
import io.packops.servicekit.problem.RequestSizeLimit;
import io.packops.servicekit.auth.TokenRoles;
import jakarta.annotation.security.RolesAllowed;
import io.packops.ingest.system.IngestApi;
import io.packops.ingest.system.IngestConfig;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/** Install and render telemetry from the field (role {@code ingest}). */
@Tag(name = "events")
@Path("/v1/events")
public class EventResource {

    public static final String NDJSON = "application/x-ndjson";

    private final EventIngestService ingest;
    private final long maxBodySize;

    EventResource(EventIngestService ingest, IngestConfig config) {
        this.ingest = ingest;
        this.maxBodySize = config.maxBodySize().asLongValue();
    }

    @POST
    @RolesAllowed(TokenRoles.INGEST)
    @Consumes(MediaType.WILDCARD) // the media type is checked below, to answer a clear 415 problem
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "recordEvents", summary = "Record install and render events",
            description = "One event object, a JSON array of up to 1,000 events, or NDJSON (one event per line). "
                    + "Valid events are stored once per eventId; invalid ones are listed by index. "
                    + "202 means the stored events are committed.")
    @RequestBody(required = true, content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TelemetryEvent.class)),
            @Content(mediaType = NDJSON, schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING))})
    @APIResponse(responseCode = "202", description = "stored (or already stored); rejected events listed",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = IngestResponse.class)))
    @APIResponse(responseCode = "400", description = "no event is valid, or the body is not JSON",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", ref = IngestApi.TOO_LARGE)
    public Response record(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body) throws IOException {
        boolean ndjson = isNdjson(contentType);
        // read at most one byte past the limit: a chunked body declares no length for RequestSizeLimit to refuse up front
        byte[] bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodySize + 1));
        if (bytes.length > maxBodySize) {
            throw RequestSizeLimit.tooLarge(maxBodySize);
        }
        return Response.accepted(ingest.ingest(bytes, ndjson)).type(MediaType.APPLICATION_JSON).build();
    }

    /** JSON (also when no type is given) or NDJSON; anything else is a 415. */
    static boolean isNdjson(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return false;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (type.equals(MediaType.APPLICATION_JSON) || type.endsWith("+json")) {
            return false;
        }
        if (type.equals(NDJSON) || type.equals("application/ndjson") || type.equals("application/jsonl")
                || type.equals("application/x-jsonlines")) {
            return true;
        }
        throw new ProblemException(415, "Unsupported Media Type", "Content-Type " + type
                + " is not accepted; send application/json (one event or an array) or " + NDJSON + " (one event per line)");
    }
}
