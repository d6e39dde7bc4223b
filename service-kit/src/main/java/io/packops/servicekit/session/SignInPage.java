package io.packops.servicekit.session;

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
import java.util.Optional;

/**
 * {@code /q/sign-in}: a person signs in once with a token, and the session cookie then opens the API description and
 * Swagger UI in the browser ({@link SessionAuthenticationMechanism}). Any valid token may read the docs, as with a
 * bearer header. Plain HTML, no script; hidden from the API description (it is for people).
 */
@Path("/q")
public class SignInPage {

    public static final String PATH = "/q/sign-in";
    static final String SIGN_OUT = "/q/sign-out";
    static final String DEFAULT_NEXT = "/q/swagger-ui/";
    /** No script, no framing; forms post only to this service. */
    static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    @Inject
    BrowserSignIn signIn;

    @GET
    @Path("sign-in")
    @PermitAll
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Response form(@QueryParam("next") String next, @CookieParam(BrowserSignIn.SESSION_COOKIE) String sessionId) {
        Optional<Session> s = signIn.current(sessionId);
        if (s.isPresent()) {
            return html(200, signedIn(s.get(), safeNext(next))).build();
        }
        return signInForm(200, safeNext(next), null);
    }

    @POST
    @Path("sign-in")
    @PermitAll
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Response signIn(@FormParam("token") String token, @FormParam(BrowserSignIn.CSRF_FIELD) String csrf,
                           @FormParam("next") String next, @CookieParam(BrowserSignIn.SIGN_IN_COOKIE) String csrfCookie) {
        signIn.checkSignIn(csrfCookie, csrf);
        Optional<Session> s = signIn.signIn(token);
        if (s.isEmpty()) {
            return signInForm(401, safeNext(next), "that token is not valid");
        }
        return Response.seeOther(URI.create(safeNext(next))).cookie(signIn.sessionCookie(s.get()),
                signIn.cleared(BrowserSignIn.SIGN_IN_COOKIE)).header("Cache-Control", "no-store").build();
    }

    @POST
    @Path("sign-out")
    @PermitAll
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Response signOut(@FormParam(BrowserSignIn.CSRF_FIELD) String csrf, @CookieParam(BrowserSignIn.SESSION_COOKIE) String sessionId) {
        signIn.signOut(sessionId, csrf);
        return Response.seeOther(URI.create(PATH)).cookie(signIn.cleared(BrowserSignIn.SESSION_COOKIE))
                .header("Cache-Control", "no-store").build();
    }

    /**
     * Where to go after signing in: a path of this service only. Anything with a scheme or a host, a
     * protocol-relative {@code //host}, a backslash (browsers read {@code /\host} as {@code //host}) or a control
     * character is replaced by Swagger UI: no open redirect.
     */
    static String safeNext(String next) {
        if (next == null || next.isEmpty() || next.length() > 512 || next.charAt(0) != '/' || next.startsWith("//")) {
            return DEFAULT_NEXT;
        }
        for (int i = 0; i < next.length(); i++) {
            char c = next.charAt(i);
            if (c == '\\' || c < 0x21 || c == 0x7f) {
                return DEFAULT_NEXT;
            }
        }
        try {
            URI uri = new URI(next);
            return uri.getScheme() == null && uri.getRawAuthority() == null ? next : DEFAULT_NEXT;
        } catch (java.net.URISyntaxException e) {
            return DEFAULT_NEXT;
        }
    }

    private Response signInForm(int status, String next, String problem) {
        String csrf = signIn.newSignInCsrf();
        String body = "<form method=\"post\" action=\"" + PATH + "\" id=\"sign-in\">\n"
                + "<label for=\"token\">Your packops token (any role may read the API description)</label>\n"
                + "<input type=\"password\" name=\"token\" id=\"token\" autocomplete=\"off\" required autofocus>\n"
                + hidden(BrowserSignIn.CSRF_FIELD, csrf) + hidden("next", next)
                + "<button type=\"submit\" id=\"sign-in-button\">Sign in</button>\n</form>\n"
                + (problem == null ? "" : "<p class=\"problem\" id=\"problem\" role=\"alert\">" + escape(problem) + "</p>\n")
                + "<p class=\"muted\">The token is checked once; the browser keeps only a random session id (HttpOnly, "
                + "SameSite=Strict) that opens the API description and Swagger UI, until you sign out or it expires. "
                + "Scripts and curl send <code>Authorization: Bearer &lt;token&gt;</code> instead.</p>\n";
        return html(status, body).cookie(signIn.signInCookie(csrf)).build();
    }

    private static String signedIn(Session s, String next) {
        return "<p id=\"signed-in\">Signed in as " + escape(s.principal()) + ". <a href=\"" + escape(next) + "\">Continue</a></p>\n"
                + "<form method=\"post\" action=\"" + SIGN_OUT + "\" id=\"sign-out\">" + hidden(BrowserSignIn.CSRF_FIELD, s.csrf())
                + "<button type=\"submit\">Sign out</button></form>\n";
    }

    private static String hidden(String name, String value) {
        return "<input type=\"hidden\" name=\"" + name + "\" value=\"" + escape(value) + "\">\n";
    }

    private static Response.ResponseBuilder html(int status, String body) {
        String page = "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>packops: sign in</title>\n"
                + "<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#223}"
                + "label{display:block;margin:.5rem 0 .3rem}input{font:inherit;padding:.35rem;width:100%;box-sizing:border-box}"
                + "button{font:inherit;margin-top:.6rem;padding:.35rem .9rem}.problem{color:#b00020}.muted{color:#667;font-size:.9rem}</style>"
                + "</head><body>\n<h1>packops API description</h1>\n" + body + "</body></html>\n";
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).entity(page)
                .header("Cache-Control", "no-store")
                .header("Content-Security-Policy", CSP)
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer");
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
