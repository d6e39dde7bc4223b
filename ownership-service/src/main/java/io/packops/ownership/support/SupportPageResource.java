package io.packops.ownership.support;

import io.packops.ownership.document.NoDocumentYet;
import io.packops.ownership.document.SecretResolver;
import io.packops.ownership.lookup.LookupProblems;
import io.packops.ownership.lookup.LookupService;
import io.packops.ownership.lookup.LookupUnavailable;
import io.packops.ownership.lookup.LookupView;
import io.packops.ownership.lookup.MalformedSlug;
import io.packops.ownership.readiness.ReadinessGap;
import io.packops.ownership.readiness.ReadinessService;
import io.packops.ownership.system.TimeParams;
import io.packops.servicekit.auth.TokenRoles;
import io.packops.servicekit.problem.ProblemException;
import io.packops.servicekit.session.BrowserSignIn;
import io.packops.servicekit.session.Session;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateExtension;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The support agents' page at {@code /}: plain server-rendered HTML (Qute), no JavaScript. A browser cannot
 * send bearer headers, so the page signs in once with a token and keeps only a random server-side session id in an
 * HttpOnly, SameSite=Strict cookie (service-kit's {@link BrowserSignIn}; {@code packops.session.pages=/} makes the
 * session count for {@code GET /} and nothing else of this service). Its two POST forms (sign-in, sign-out) carry
 * CSRF tokens. An HTML page for people, not an API: its operations are hidden from {@code /q/openapi}.
 */
@Path("/")
public class SupportPageResource {

    static final Duration HORIZON = Duration.ofDays(14);
    /** Whatever the role, the page shows neither secret values nor the names of the variables holding them. */
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
    /** No script, no plugin, no framing; forms post only to this service. */
    private static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; "
            + "base-uri 'none'; frame-ancestors 'none'";

    /**
     * The page; {@code signIn} shows the sign-in form instead of the lookup form, results and readiness.
     * {@code problem}: why the lookup (or sign-in) failed; {@code readinessProblem}: why there is no readiness report.
     */
    record Page(boolean signIn, String csrf, String caller, String connector, String pack, String at, LookupView lookup,
                String problem, List<ReadinessGap> gaps, String readinessProblem, long horizonDays) {

        /** The sign-in form; {@code csrf}: the value of its hidden field, also set as the sign-in cookie. */
        static Page signIn(String csrf, String problem) {
            return new Page(true, csrf, null, null, null, null, null, problem, List.of(), null, HORIZON.toDays());
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance page(Page page);
    }

    @Inject
    SecurityIdentity identity;

    @Inject
    LookupService lookup;

    @Inject
    ReadinessService readiness;

    @Inject
    BrowserSignIn signIn;

    @Inject
    Clock clock;

    @GET
    @PermitAll
    @Produces(MediaType.TEXT_HTML)
    @Operation(operationId = "getSupportPage", hidden = true, summary = "Support agents' page: owner, on-call, escalation, runbook, queue, suggested reply and readiness gaps")
    public Response page(@QueryParam("connector") String connector, @QueryParam("pack") String pack, @QueryParam("at") String at,
                         @CookieParam(BrowserSignIn.SESSION_COOKIE) String sessionId) {
        if (identity.isAnonymous()) {
            return signInForm(401, null);
        }
        if (!identity.hasRole(TokenRoles.AGENT)) {
            return signInForm(403, "this token's role may not use the support page (agent, operator or admin can): sign in with another");
        }
        String caller = identity.getPrincipal().getName();
        // the sign-out form's CSRF token is the session's; a bearer caller (curl) has no session and no form to post
        String csrf = signIn.current(sessionId).map(Session::csrf).orElse("");
        LookupView found = null;
        String problem = null;
        int status = 200;
        if (notBlank(connector) || notBlank(pack)) {
            try {
                // the page never shows secret values, whatever the role
                found = scrub(lookup.lookup(connector, pack, TimeParams.instant("at", at, clock), SecretResolver.View.REDACTED));
            } catch (ProblemException | MalformedSlug | LookupUnavailable e) {
                ProblemException p = LookupProblems.problem(e);
                problem = p.getMessage();
                status = p.status();
            }
        }
        List<ReadinessGap> gaps = List.of();
        String readinessProblem = null;
        try {
            // the page never names secret variables, whatever the role (agents' view of the report)
            gaps = readiness.report(HORIZON, Set.of(), Set.of()).gaps();
        } catch (NoDocumentYet e) {
            readinessProblem = e.getMessage();
        }
        return html(status, new Page(false, csrf, caller, connector, pack, at, found, problem, gaps, readinessProblem, HORIZON.toDays())).build();
    }

    @POST
    @Path("login")
    @PermitAll
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @Operation(operationId = "signInToSupportPage", hidden = true, summary = "Sign in to the support page with a token (opens a session)")
    public Response login(@FormParam("token") String token, @FormParam(BrowserSignIn.CSRF_FIELD) String csrf,
                          @CookieParam(BrowserSignIn.SIGN_IN_COOKIE) String csrfCookie) {
        signIn.checkSignIn(csrfCookie, csrf);
        Optional<TokenRoles.Caller> caller = signIn.caller(token);
        if (caller.isEmpty() || !caller.get().roles().contains(TokenRoles.AGENT)) {
            return signInForm(401, caller.isEmpty() ? "that token is not valid"
                    : "that token's role may not use the support page (agent, operator or admin can)");
        }
        Session session = signIn.open(caller.get());
        return Response.seeOther(URI.create("/")).cookie(signIn.sessionCookie(session), signIn.cleared(BrowserSignIn.SIGN_IN_COOKIE))
                .header("Cache-Control", "no-store").build();
    }

    @POST
    @Path("logout")
    @PermitAll
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(operationId = "signOutOfSupportPage", hidden = true, summary = "Sign out of the support page (ends the session)")
    public Response logout(@FormParam(BrowserSignIn.CSRF_FIELD) String csrf, @CookieParam(BrowserSignIn.SESSION_COOKIE) String sessionId) {
        signIn.signOut(sessionId, csrf);
        return Response.seeOther(URI.create("/")).cookie(signIn.cleared(BrowserSignIn.SESSION_COOKIE)).header("Cache-Control", "no-store").build();
    }

    /** The sign-in form with a fresh CSRF pair: the hidden field, and the same value in the sign-in cookie. */
    private Response signInForm(int status, String problem) {
        String csrf = signIn.newSignInCsrf();
        return html(status, Page.signIn(csrf, problem)).cookie(signIn.signInCookie(csrf)).build();
    }

    private static Response.ResponseBuilder html(int status, Page page) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .header("Cache-Control", "no-store")
                .header("Content-Security-Policy", CSP)
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .entity(Templates.page(page).render());
    }

    private static LookupView scrub(LookupView v) {
        return new LookupView(v.connector(), v.pack(), v.at(), v.revision(), v.match(), v.rule(), v.team(), v.escalation(), v.runbook(),
                v.runbookUrl(), v.supportQueue(), SecretResolver.redactReferences(v.suggestedReply()),
                v.notes() == null ? List.of() : v.notes().stream().map(SecretResolver::redactReferences).toList());
    }


    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    /** {@code {p.until.utc}}: a time as agents read it, to the minute. */
    @TemplateExtension
    static String utc(Instant instant) {
        return UTC.format(instant);
    }

    /**
     * {@code {v.match.notice}}: the page says the connector or pack is unknown when its owner is the {@code "*"}
     * fallback, or when a close match is known (an unknown pack under a known connector has that connector's owner).
     */
    @TemplateExtension
    static boolean notice(LookupView.MatchView match) {
        return match.unknown() && (match.fallback() || !match.suggestions().isEmpty());
    }

    /** {@code {s.label}}: {@code stripe}, or {@code pack stripe-revenue of stripe}. */
    @TemplateExtension
    static String label(LookupView.Suggestion s) {
        return s.pack() == null ? s.connector() : "pack " + s.pack() + (s.connector() == null ? "" : " of " + s.connector());
    }

    /** {@code {s.href}}: this page looking the suggestion up (slugs need no encoding). */
    @TemplateExtension
    static String href(LookupView.Suggestion s) {
        return "/?connector=" + (s.connector() == null ? "" : s.connector()) + (s.pack() == null ? "" : "&pack=" + s.pack());
    }

    /** {@code {kind.routeLabel}}: a paging route kind as people name it. */
    @TemplateExtension
    static String routeLabel(String kind) {
        return switch (kind) {
            case "pagerduty" -> "PagerDuty";
            case "slackWebhook" -> "Slack webhook";
            case "webhook" -> "webhook";
            default -> kind;
        };
    }
}
