package io.packops.alerting.rest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.packops.alerting.client.IngestService;
import io.packops.alerting.security.TokenRoles;
import io.packops.alerting.service.CompatService;
import io.packops.alerting.service.CompatService.GateReport;
import io.packops.alerting.service.CompatService.Report;
import io.packops.alerting.upgrades.GateAnswer;
import io.packops.alerting.upgrades.PackageUpgradeService;
import io.packops.compat.manifest.DashboardPack;
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
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.io.IOException;
import java.util.List;

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
public class CompatResource {

    private static final JsonFactory JSON = new JsonFactory();

    @Inject
    CompatService compat;
    @Inject
    PackageUpgradeService upgrades;

    @POST
    @Path("/check")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({TokenRoles.OPERATOR, TokenRoles.AGENT})
    @Operation(summary = "Check a manifest against a schema: {manifest: <yaml text>, schema: <native schema or dbt catalog>}")
    public Report check(String body) {
        CheckRequest request = parse(body);
        DashboardPack pack = compat.manifest(request.manifest());
        return compat.check(pack, compat.schema(request.schema(), request.schemaLine(), request.schemaColumn()));
    }

    @POST
    @Path("/check")
    @Consumes({"application/yaml", "text/yaml", "application/x-yaml"})
    @RolesAllowed({TokenRoles.OPERATOR, TokenRoles.AGENT})
    @Operation(summary = "Check a YAML manifest against a fingerprint ingest-service knows (?fingerprint=)")
    public Report checkFingerprint(String manifest, @QueryParam("fingerprint") String fingerprint) {
        if (fingerprint == null || fingerprint.isBlank()) {
            throw ProblemException.badRequest("fingerprint is required with a YAML manifest body",
                    List.of(new Problem.FieldError("fingerprint", "missing: pass ?fingerprint=sha256:…, or post JSON {manifest, schema}")));
        }
        return compat.checkFingerprint(compat.manifest(manifest), fingerprint.trim());
    }

    @POST
    @Path("/gate")
    @Consumes({"application/yaml", "text/yaml", "application/x-yaml", MediaType.TEXT_PLAIN})
    @RolesAllowed(TokenRoles.OPERATOR)
    @Operation(summary = "Release gate: the manifest against every current schema fingerprint of its connector")
    public GateAnswer gate(String manifest) {
        DashboardPack pack = compat.manifest(manifest);
        GateReport report = compat.gate(pack);
        // and the coming releases of the connector's dbt packages, so the author fixes the pack before they ship
        return new GateAnswer(report, upgrades.gate(pack, compat.compile(pack, null)).stream()
                .map(GateAnswer.ComingRelease::of).toList());
    }

    /** Never pass a gate or answer a check without ingest: say it is unavailable. */
    @ServerExceptionMapper({IngestService.IngestUnavailableException.class, FaultToleranceException.class})
    public Response ingestUnavailable(RuntimeException e) {
        Log.warnf("compat: ingest-service unavailable: %s", e.getMessage());
        return Response.status(503).type(Problem.MEDIA_TYPE).header("Retry-After", "30")
                .entity(Problem.of(503, "Service Unavailable",
                        "ingest-service could not be reached to read the fleet's schemas; nothing was decided, try again"))
                .build();
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
