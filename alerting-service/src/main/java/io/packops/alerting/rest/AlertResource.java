package io.packops.alerting.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.packops.alerting.repository.Alert;
import io.packops.alerting.repository.AlertRepository;
import io.packops.alerting.rest.AlertViews.AlertView;
import io.packops.alerting.rest.AlertViews.CommentRequest;
import io.packops.alerting.rest.AlertViews.Page;
import io.packops.alerting.rest.AlertViews.RollbackRequest;
import io.packops.alerting.rest.AlertViews.RollbackView;
import io.packops.alerting.security.TokenRoles;
import io.packops.alerting.service.AlertService;
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

import java.util.List;

/** Alerts: list and read with their timeline; acknowledge, resolve and roll back (operators). */
@Path("/v1/alerts")
@Produces(MediaType.APPLICATION_JSON)
public class AlertResource {

    private static final String LIST = "alerts";
    private static final int MAX_COMMENT = 1000;

    @Inject
    ObjectMapper json;

    @Inject
    AlertService alerts;

    @Inject
    SecurityIdentity identity;

    @GET
    @RolesAllowed(TokenRoles.AGENT)
    public Page<AlertView> list(@QueryParam("state") String state, @QueryParam("rule") String rule,
                                @QueryParam("connector") String connector, @QueryParam("pack") String pack,
                                @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        var filter = new AlertRepository.Filter(
                ListParams.oneOf("state", state, List.of(Alert.FIRING, Alert.ACKNOWLEDGED, Alert.RESOLVED)),
                ListParams.text("rule", rule), ListParams.text("connector", connector), ListParams.text("pack", pack));
        int n = ListParams.limit(limit);
        List<Alert> page = alerts.list(filter, ListParams.after(LIST, cursor), n + 1);
        String next = page.size() > n ? ListParams.cursor(LIST, page.get(n - 1).id) : null;
        return new Page<>(page.stream().limit(n).map(a -> AlertView.of(a, alerts.alertUrl(a.id), null)).toList(), next);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(TokenRoles.AGENT)
    public AlertView get(@PathParam("id") String id) {
        long alertId = id(id);
        Alert a = alerts.find(alertId).orElseThrow(() -> ProblemException.notFound("no alert " + alertId));
        return view(a);
    }

    /** The body is optional ({@code {"comment": "..."}}), so any content type, or none, is taken. */
    @POST
    @Path("/{id}/ack")
    @RolesAllowed(TokenRoles.OPERATOR)
    public AlertView acknowledge(@PathParam("id") String id, String body) {
        long alertId = id(id);
        return view(alerts.acknowledge(alertId, actor(), comment(body)));
    }

    @POST
    @Path("/{id}/resolve")
    @RolesAllowed(TokenRoles.OPERATOR)
    public AlertView resolve(@PathParam("id") String id, String body) {
        long alertId = id(id);
        return view(alerts.resolveByHand(alertId, actor(), comment(body)));
    }

    private String comment(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        CommentRequest request = ListParams.body(json, body, CommentRequest.class);
        if (request == null || request.comment() == null || request.comment().isBlank()) {
            return null;
        }
        if (request.comment().length() > MAX_COMMENT) {
            throw ListParams.invalid("comment", "at most " + MAX_COMMENT + " characters");
        }
        if (request.comment().indexOf('\u0000') >= 0) {
            throw ListParams.invalid("comment", "must not contain the NUL character"); // PostgreSQL text cannot hold it
        }
        return request.comment().trim();
    }

    /** Withdraws the alert's pack version in ingest (installers get the last good one) and tells the owner. */
    @POST
    @Path("/{id}/rollback")
    @RolesAllowed(TokenRoles.OPERATOR)
    public RollbackView rollback(@PathParam("id") String id, String body) {
        long alertId = id(id);
        RollbackRequest request = body == null || body.isBlank() ? null : ListParams.body(json, body, RollbackRequest.class);
        String reason = request == null ? null : request.reason();
        if (reason == null || reason.isBlank()) {
            throw ListParams.invalid("reason", "a reason is required: say why the version is rolled back ({\"reason\": \"...\"})");
        }
        if (reason.length() > 500) {
            throw ListParams.invalid("reason", "at most 500 characters");
        }
        if (reason.indexOf('\u0000') >= 0) {
            throw ListParams.invalid("reason", "must not contain the NUL character"); // PostgreSQL text cannot hold it
        }
        AlertService.Rollback done = alerts.rollback(alertId, actor(), reason.trim());
        return new RollbackView(done.alert().id, done.pack(), done.withdrawn(), done.servedVersion(), view(done.alert()));
    }

    @Inject
    io.packops.alerting.service.Pager pager;

    private AlertView view(Alert a) {
        return AlertView.of(a, alerts.alertUrl(a.id), alerts.timeline(a.id), pager.deliveries(a.id));
    }

    private String actor() {
        return identity.getPrincipal().getName();
    }

    private static long id(String text) {
        try {
            long id = Long.parseLong(text);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // the 404 below
        }
        throw ProblemException.notFound("no alert " + text + ": alert ids are positive numbers");
    }
}
