package io.packops.alerting.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.packops.alerting.alerts.AlertViews.AlertPage;
import io.packops.alerting.alerts.AlertViews.AlertView;
import io.packops.alerting.alerts.AlertViews.CommentRequest;
import io.packops.alerting.alerts.AlertViews.RollbackRequest;
import io.packops.alerting.alerts.AlertViews.RollbackView;
import io.packops.alerting.paging.Pager;
import io.packops.alerting.system.AlertingApi;
import io.packops.alerting.system.ApiProblems;
import io.packops.alerting.system.ListParams;
import io.packops.servicekit.auth.TokenRoles;
import io.packops.servicekit.problem.PathIds;
import io.packops.servicekit.problem.ProblemException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;

/** Alerts: list and read with their timeline; acknowledge, resolve and roll back (operators). */
@Path("/v1/alerts")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "alerts", description = "The alert lifecycle: list and read alerts with their timeline; acknowledge, resolve, roll back")
public class AlertResource {

    private static final String LIST = "alerts";
    private static final int MAX_COMMENT = 1000;
    private static final int MAX_REASON = 500;

    @Inject
    ObjectMapper json;

    @Inject
    AlertService alerts;

    @Inject
    Pager pager;

    @Inject
    SecurityIdentity identity;

    @GET
    @RolesAllowed(TokenRoles.AGENT)
    @Operation(operationId = "listAlerts", summary = "List alerts, newest first")
    @APIResponseSchema(value = AlertPage.class, responseDescription = "A page of alerts")
    public AlertPage list(
            @Parameter(description = "Only alerts in this state",
                    schema = @Schema(enumeration = {"firing", "acknowledged", "resolved"})) @QueryParam("state") String state,
            @Parameter(description = "Only alerts of this rule") @QueryParam("rule") String rule,
            @Parameter(description = "Only alerts of this connector") @QueryParam("connector") String connector,
            @Parameter(description = "Only alerts of this pack") @QueryParam("pack") String pack,
            @Parameter(ref = AlertingApi.LIMIT) @QueryParam("limit") String limit,
            @Parameter(ref = AlertingApi.CURSOR) @QueryParam("cursor") String cursor) {
        var filter = new AlertRepository.Filter(
                ListParams.oneOf("state", state, List.of(Alert.FIRING, Alert.ACKNOWLEDGED, Alert.RESOLVED)),
                ListParams.text("rule", rule), ListParams.text("connector", connector), ListParams.text("pack", pack));
        return ListParams.page(LIST, limit, cursor, (below, n) -> alerts.list(filter, below, n), a -> a.id,
                a -> AlertView.of(a, alerts.alertUrl(a.id), null), AlertPage::new);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(TokenRoles.AGENT)
    @Operation(operationId = "getAlert", summary = "One alert with its timeline and page deliveries")
    @APIResponseSchema(value = AlertView.class, responseDescription = "The alert")
    public AlertView get(@Parameter(description = "The alert's id") @PathParam("id") String id) {
        long alertId = id(id);
        return view(alerts.find(alertId).orElseThrow(() -> new AlertNotFound(alertId)));
    }

    /** The body is optional ({@code {"comment": "..."}}), so any content type, or none, is taken. */
    @POST
    @Path("/{id}/ack")
    @RolesAllowed(TokenRoles.OPERATOR)
    @Operation(operationId = "acknowledgeAlert", summary = "Acknowledge a firing alert: escalation stops")
    @APIResponseSchema(value = AlertView.class, responseDescription = "The alert, acknowledged")
    @APIResponse(responseCode = "409", ref = AlertingApi.CONFLICT)
    public AlertView acknowledge(@Parameter(description = "The alert's id") @PathParam("id") String id,
                                 @RequestBody(required = false, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                         schema = @Schema(implementation = CommentRequest.class))) String body) {
        long alertId = id(id);
        return view(alerts.acknowledge(alertId, actor(), comment(body)));
    }

    @POST
    @Path("/{id}/resolve")
    @RolesAllowed(TokenRoles.OPERATOR)
    @Operation(operationId = "resolveAlert", summary = "Resolve an active alert by hand")
    @APIResponseSchema(value = AlertView.class, responseDescription = "The alert, resolved")
    @APIResponse(responseCode = "409", ref = AlertingApi.CONFLICT)
    public AlertView resolve(@Parameter(description = "The alert's id") @PathParam("id") String id,
                             @RequestBody(required = false, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                     schema = @Schema(implementation = CommentRequest.class))) String body) {
        long alertId = id(id);
        return view(alerts.resolveByHand(alertId, actor(), comment(body)));
    }

    /** Withdraws the alert's pack version in ingest (installers get the last good one) and tells the owner. */
    @POST
    @Path("/{id}/rollback")
    @RolesAllowed(TokenRoles.OPERATOR)
    @Operation(operationId = "rollBackAlert", summary = "Withdraw the alert's pack version in ingest-service and tell the owner")
    @APIResponseSchema(value = RollbackView.class, responseDescription = "What was withdrawn, and the alert")
    @APIResponse(responseCode = "409", ref = AlertingApi.CONFLICT)
    @APIResponse(responseCode = "502", ref = AlertingApi.BAD_GATEWAY)
    public RollbackView rollback(@Parameter(description = "The alert's id") @PathParam("id") String id,
                                 @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                         schema = @Schema(implementation = RollbackRequest.class))) String body) {
        long alertId = id(id);
        RollbackRequest request = body == null || body.isBlank() ? null : ListParams.body(json, body, RollbackRequest.class);
        String reason = text("reason", request == null ? null : request.reason(), MAX_REASON);
        if (reason == null) {
            throw ListParams.invalid("reason", "a reason is required: say why the version is rolled back ({\"reason\": \"...\"})");
        }
        AlertService.Rollback done = alerts.rollback(alertId, actor(), reason);
        return new RollbackView(done.alert().id, done.pack(), done.withdrawn(), done.servedVersion(), view(done.alert()));
    }

    @ServerExceptionMapper
    public Response notFound(AlertNotFound e) {
        return ApiProblems.of(404, "Not Found", e.getMessage());
    }

    @ServerExceptionMapper
    public Response conflict(AlertResolved e) {
        return ApiProblems.of(409, "Conflict", e.getMessage());
    }

    @ServerExceptionMapper
    public Response nothingToRollBack(NothingToRollBack e) {
        return ApiProblems.of(409, "Conflict", e.getMessage());
    }

    @ServerExceptionMapper
    public Response rollbackFailed(RollbackFailed e) {
        return ApiProblems.of(502, "Bad Gateway", e.getMessage());
    }

    private String comment(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        CommentRequest request = ListParams.body(json, body, CommentRequest.class);
        return text("comment", request == null ? null : request.comment(), MAX_COMMENT);
    }

    /** A free-text field: null when absent or blank, trimmed; 400 when too long or holding NUL. */
    private static String text(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > max) {
            throw ListParams.invalid(field, "at most " + max + " characters");
        }
        if (value.indexOf('\u0000') >= 0) {
            throw ListParams.invalid(field, "must not contain the NUL character"); // PostgreSQL text cannot hold it
        }
        return value.trim();
    }

    private AlertView view(Alert a) {
        return AlertView.of(a, alerts.alertUrl(a.id), alerts.timeline(a.id), pager.deliveries(a.id));
    }

    private String actor() {
        return identity.getPrincipal().getName();
    }

    private static long id(String text) {
        return PathIds.positive(text)
                .orElseThrow(() -> ProblemException.notFound("no alert " + text + ": alert ids are positive numbers"));
    }
}
