package io.packops.ownership.rest;

import io.packops.ownership.security.BearerTokenAuthenticationMechanism;
import io.packops.ownership.security.TokenRoles;
import io.packops.ownership.service.LookupService;
import io.packops.ownership.service.ReadinessGap;
import io.packops.ownership.service.ReadinessService;
import io.packops.ownership.service.SecretResolver;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The support agents' page at {@code /}: plain server-rendered HTML (Qute), no JavaScript. A browser cannot
 * send bearer headers, so the page signs in once with a token kept in an HttpOnly, SameSite=Strict cookie
 * that the authentication mechanism honours for {@code GET /} only.
 */
@Path("/")
public class SupportPageResource {

    static final Duration HORIZON = Duration.ofDays(14);

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance page(boolean signIn, String caller, String connector, String pack, String at,
                                            LookupView lookup, String problem, List<ReadinessGap> gaps, long horizonDays);
    }

    @Inject
    SecurityIdentity identity;

    @Inject
    LookupService lookup;

    @Inject
    ReadinessService readiness;

    @Inject
    TokenRoles tokens;

    @Inject
    Clock clock;

    @GET
    @PermitAll
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Support agents' page: owner, on-call, escalation, runbook, queue, suggested reply and readiness gaps")
    public Response page(@QueryParam("connector") String connector, @QueryParam("pack") String pack, @QueryParam("at") String at) {
        if (identity.isAnonymous()) {
            return html(401, Templates.page(true, null, null, null, null, null, null, List.of(), HORIZON.toDays()));
        }
        if (!identity.hasRole(TokenRoles.AGENT)) {
            return html(403, Templates.page(true, null, null, null, null, null,
                    "this token's role may not use the support page (agent, operator or admin can)", List.of(), HORIZON.toDays()));
        }
        String caller = identity.getPrincipal().getName();
        LookupView found = null;
        String problem = null;
        int status = 200;
        if (notBlank(connector) || notBlank(pack)) {
            try {
                // the page never shows secret values, whatever the role
                found = lookup.lookup(connector, pack, TimeParams.instant("at", at, clock), SecretResolver.View.REDACTED);
            } catch (ProblemException e) {
                problem = e.toProblem().detail();
                status = e.toProblem().status();
            }
        }
        List<ReadinessGap> gaps = List.of();
        try {
            gaps = readiness.report(HORIZON, Set.of(), Set.of()).gaps();
        } catch (ProblemException e) {
            problem = problem == null ? e.toProblem().detail() : problem;
        }
        return html(status, Templates.page(false, caller, connector, pack, at, found, problem, gaps, HORIZON.toDays()));
    }

    @POST
    @Path("login")
    @PermitAll
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Sign in to the support page with a token (sets the page cookie)")
    public Response login(@FormParam("token") String token) {
        TokenRoles.Caller caller = token == null ? null : tokens.caller(token.trim());
        if (caller == null || !caller.roles().contains(TokenRoles.AGENT)) {
            return html(401, Templates.page(true, null, null, null, null, null,
                    caller == null ? "that token is not valid" : "that token's role may not use the support page",
                    List.of(), HORIZON.toDays()));
        }
        return Response.seeOther(URI.create("/")).cookie(cookie(token.trim(), -1)).build();
    }

    @POST
    @Path("logout")
    @PermitAll
    @Operation(summary = "Sign out of the support page (clears the page cookie)")
    public Response logout() {
        return Response.seeOther(URI.create("/")).cookie(cookie("", 0)).build();
    }

    private static NewCookie cookie(String value, int maxAge) {
        return new NewCookie.Builder(BearerTokenAuthenticationMechanism.PAGE_COOKIE).value(value).path("/").httpOnly(true)
                .sameSite(NewCookie.SameSite.STRICT).maxAge(maxAge).build();
    }

    private static Response html(int status, TemplateInstance page) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).entity(page.render()).build();
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
