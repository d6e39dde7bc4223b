package io.packops.ingest.schemas;

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
@Path("/v1/schema-snapshots")
@Produces(MediaType.APPLICATION_JSON)
public class SchemaSnapshotResource {

    @Inject
    SchemaSnapshotService snapshots;

    /** 201 with the stored snapshot; 200 when it is a retry of a snapshot already stored. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(TokenRoles.INGEST)
    public Response record(String body) {
        SchemaSnapshotService.Recorded recorded = snapshots.record(body);
        return Response.status(recorded.created() ? Response.Status.CREATED : Response.Status.OK)
                .entity(recorded.view()).build();
    }
}
