package io.packops.ingest.schemas;

import io.packops.ingest.schemas.SchemaViews.SnapshotAccepted;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import io.packops.ingest.system.IngestApi;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import io.packops.servicekit.auth.TokenRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Warehouse schema snapshots from the field: DESIGN's native envelope, or the envelope with an
 * embedded dbt {@code catalog.json}. The body is read as text so errors can point at line and column.
 */
@Tag(name = "schemas")
@Path("/v1/schema-snapshots")
@Produces(MediaType.APPLICATION_JSON)
public class SchemaSnapshotResource {

    @Inject
    SchemaSnapshotService snapshots;

    /** 201 with the stored snapshot; 200 when it is a retry of a snapshot already stored. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(TokenRoles.INGEST)
    @Operation(operationId = "recordSchemaSnapshot", summary = "Record a warehouse schema snapshot (native envelope or with a dbt catalog)")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT, description = "{accountId, connector, warehouse, capturedAt, relations} or {accountId, connector, warehouse, capturedAt, dbtCatalog}")))
    @APIResponse(responseCode = "201", description = "Stored", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SnapshotAccepted.class)))
    @APIResponse(responseCode = "200", description = "A retry of a snapshot already stored", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SnapshotAccepted.class)))
    @APIResponse(responseCode = "422", ref = IngestApi.UNPROCESSABLE)
    public Response record(String body) {
        SchemaSnapshotService.Recorded recorded = snapshots.record(body);
        return Response.status(recorded.created() ? Response.Status.CREATED : Response.Status.OK)
                .entity(recorded.view()).build();
    }
}
