package io.packops.alerting.compat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.packops.alerting.compat.CompatService.GateReport;
import io.packops.alerting.compat.CompatService.Report;
import io.packops.alerting.peers.IngestUnavailable;
import io.packops.alerting.system.AlertingApi;
import io.packops.alerting.system.ApiProblems;
import io.packops.compat.manifest.DashboardPack;
import io.packops.servicekit.auth.TokenRoles;
import io.packops.servicekit.openapi.ProblemResponses;
import io.packops.servicekit.problem.Problem;
import io.packops.servicekit.problem.ProblemException;
import io.quarkus.logging.Log;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Compatibility API (DESIGN "Compatibility report"): check one manifest against one schema, and the release
 * gate the publishing pipeline calls before it publishes.
 *
 * <p>{@code POST /v1/compat/check} takes either
 * <ul>
 *   <li>{@code application/json} {@code {"manifest": "<yaml text>", "schema": {native schema or dbt catalog}}}
 *   ({@code schema} may also be a JSON string holding the document); manifest errors point into the manifest
 *   text, schema errors into the request body (or into the string when given as one), or</li>
 *   <li>a YAML manifest body ({@code application/yaml}, {@code text/yaml}, {@code application/x-yaml}) with
 *   {@code ?fingerprint=sha256:…}: checked against that schema as ingest-service stores it.</li>
 * </ul>
 */
@Path("/v1/compat")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "compat", description = "Pack compatibility: check a manifest against a schema, and the release gate")
@APIResponse(responseCode = "422", ref = AlertingApi.UNPROCESSABLE)
public class CompatResource {

    private static final JsonFactory JSON = new JsonFactory();
    private static final String YAML = "application/yaml";
    private static final String TEXT_YAML = "text/yaml";
    private static final String X_YAML = "application/x-yaml";

    @Inject
    CompatService compat;
    @Inject
    ComingReleases comingReleases;

    /** The body of a JSON check, as documented (the resource reads it by hand to point errors into it). */
    @Schema(name = "CompatCheckRequest", description = "A manifest and the schema to check it against")
    public record CheckBody(
            @Schema(required = true, description = "The pack manifest's YAML text") String manifest,
            @Schema(required = true, type = SchemaType.OBJECT, description = "A native schema or a dbt catalog.json "
                    + "(or a JSON string holding one)") Map<String, Object> schema) {
    }

    @POST
    @Path("/check")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({TokenRoles.OPERATOR, TokenRoles.AGENT})
    @Operation(operationId = "checkCompat", summary = "Check a manifest against a schema (JSON), or against a "
            + "fingerprint ingest-service knows (a YAML manifest with ?fingerprint=)")
    @APIResponseSchema(value = Report.class, responseDescription = "The compatibility report")
    public Report check(@RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = CheckBody.class))) String body) {
        CheckRequest request = parse(body);
        DashboardPack pack = manifest(request.manifest());
        return compat.check(pack, compat.schema(request.schema(), request.schemaLine(), request.schemaColumn()));
    }

    @POST
    @Path("/check")
    @Consumes({YAML, TEXT_YAML, X_YAML})
    @RolesAllowed({TokenRoles.OPERATOR, TokenRoles.AGENT})
    @Operation(operationId = "checkCompat")
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND) // the fingerprint named in the body
    @APIResponse(responseCode = "503", ref = AlertingApi.PEER_UNAVAILABLE)
    public Report checkFingerprint(
            @RequestBody(required = true, content = {
                    @Content(mediaType = YAML, schema = @Schema(type = SchemaType.STRING, description = "The pack manifest (YAML)")),
                    @Content(mediaType = TEXT_YAML, schema = @Schema(type = SchemaType.STRING)),
                    @Content(mediaType = X_YAML, schema = @Schema(type = SchemaType.STRING))}) String manifest,
            @Parameter(description = "With a YAML body: the schema fingerprint (sha256:…) to check against")
            @QueryParam("fingerprint") String fingerprint) {
        if (fingerprint == null || fingerprint.isBlank()) {
            throw ProblemException.badRequest("fingerprint is required with a YAML manifest body",
                    List.of(new Problem.FieldError("fingerprint", "missing: pass ?fingerprint=sha256:…, or post JSON {manifest, schema}")));
        }
        return compat.checkFingerprint(manifest(manifest), fingerprint.trim());
    }

    @POST
    @Path("/gate")
    @Consumes({YAML, TEXT_YAML, X_YAML, MediaType.TEXT_PLAIN})
    @RolesAllowed(TokenRoles.OPERATOR)
    @Operation(operationId = "gateRelease", summary = "Release gate: the manifest against every current schema fingerprint of its connector")
    @APIResponseSchema(value = GateReport.class, responseDescription = "pass or block, with the blast radius, every fingerprint's verdict and what the coming dbt package releases would break")
    @APIResponse(responseCode = "503", ref = AlertingApi.PEER_UNAVAILABLE)
    public GateReport gate(@RequestBody(required = true, content = {
            @Content(mediaType = YAML, schema = @Schema(type = SchemaType.STRING, description = "The pack manifest (YAML)")),
            @Content(mediaType = TEXT_YAML, schema = @Schema(type = SchemaType.STRING)),
            @Content(mediaType = X_YAML, schema = @Schema(type = SchemaType.STRING)),
            @Content(mediaType = MediaType.TEXT_PLAIN, schema = @Schema(type = SchemaType.STRING))}) String manifest) {
        DashboardPack pack = manifest(manifest);
        // and the coming releases of the connector's dbt packages, so the author fixes the pack before they ship
        return compat.gate(pack).withComingReleases(comingReleases.check(pack, compat.compile(pack, null)));
    }

    /** Never pass a gate or answer a check without ingest: say it is unavailable. */
    @ServerExceptionMapper({IngestUnavailable.class, FaultToleranceException.class})
    public Response ingestUnavailable(RuntimeException e) {
        Log.warnf("compat: ingest-service unavailable: %s", e.getMessage());
        return Response.fromResponse(ApiProblems.of(503, "Service Unavailable",
                        "ingest-service could not be reached to read the fleet's schemas; nothing was decided, try again"))
                .header("Retry-After", "30").build();
    }

    @ServerExceptionMapper
    public Response invalidManifest(InvalidManifest e) {
        return ApiProblems.of(422, "Unprocessable Content", e.getMessage(), e.errors());
    }

    @ServerExceptionMapper
    public Response invalidSchema(InvalidSchema e) {
        return ApiProblems.of(422, "Unprocessable Content", e.getMessage(), e.errors());
    }

    @ServerExceptionMapper
    public Response unknownFingerprint(UnknownFingerprint e) {
        return ApiProblems.of(404, "Not Found", e.getMessage());
    }

    /** The manifest of a request: 400 when there is none. */
    private DashboardPack manifest(String yaml) {
        if (yaml == null || yaml.isBlank()) {
            throw ProblemException.badRequest("a pack manifest (YAML) is required",
                    List.of(new Problem.FieldError("manifest", "missing or empty")));
        }
        return compat.manifest(yaml);
    }

    record CheckRequest(String manifest, String schema, int schemaLine, int schemaColumn) {
    }

    /** Reads the JSON body by hand to keep where the schema starts, so its errors point into the body. */
    static CheckRequest parse(String body) {
        if (body == null || body.isBlank()) {
            throw ProblemException.badRequest("the body must be {\"manifest\": \"<yaml>\", \"schema\": {…}}", List.of());
        }
        String manifest = null;
        String schema = null;
        int line = 1;
        int column = 1;
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw ProblemException.badRequest("the body must be a JSON object {\"manifest\": \"<yaml>\", \"schema\": {…}}", List.of());
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("manifest".equals(name)) {
                    if (value != JsonToken.VALUE_STRING) {
                        throw field("manifest", "must be the manifest's YAML text as a JSON string");
                    }
                    manifest = p.getText();
                } else if ("schema".equals(name)) {
                    if (value == JsonToken.START_OBJECT) {
                        JsonLocation start = p.currentTokenLocation();
                        p.skipChildren();
                        JsonLocation end = p.currentLocation();
                        schema = body.substring((int) start.getCharOffset(), (int) end.getCharOffset());
                        line = start.getLineNr();
                        column = start.getColumnNr();
                    } else if (value == JsonToken.VALUE_STRING) {
                        schema = p.getText();
                    } else {
                        throw field("schema", "must be a JSON object (native schema or dbt catalog.json) or a string holding one");
                    }
                } else {
                    p.skipChildren();
                }
            }
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
            throw ProblemException.badRequest("the body is not valid JSON: " + where + e.getOriginalMessage(), List.of());
        } catch (IOException e) {
            throw ProblemException.badRequest("the body could not be read", List.of());
        }
        if (manifest == null || schema == null) {
            throw ProblemException.badRequest("both manifest and schema are required", List.of(
                    new Problem.FieldError(manifest == null ? "manifest" : "schema", "missing")));
        }
        return new CheckRequest(manifest, schema, line, column);
    }

    private static ProblemException field(String field, String message) {
        return ProblemException.badRequest(field + " " + message, List.of(new Problem.FieldError(field, message)));
    }
}
