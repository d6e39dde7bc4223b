package io.packops.servicekit.session;

import io.packops.servicekit.auth.TokenRoles;
import io.packops.servicekit.problem.ProblemException;
import io.quarkus.runtime.configuration.ConfigUtils;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.NewCookie;

import java.util.List;
import java.util.Optional;

/**
 * Signing a browser in and out, for every page that has a sign-in form (Swagger UI's {@code /q/sign-in}, ownership's
 * support page). The token is checked once; the cookie then carries only a random session id ({@link Sessions}).
 *
 * <p>CSRF. Signed in, every state-changing form carries the session's own CSRF token in a hidden field
 * ({@value #CSRF_FIELD}), compared with the session's server-side copy. The sign-in form has no session yet, so it
 * uses the double-submit cookie pattern (OWASP): rendering the form sets a random {@value #SIGN_IN_COOKIE} cookie
 * (HttpOnly, SameSite=Strict) and puts the same value in the form; the POST must bring both, equal. Another site can
 * neither read nor set that cookie, so it cannot forge a sign-in (login CSRF: signing a victim in as the attacker).
 * Not an Origin/Referer check: our pages send {@code Referrer-Policy: no-referrer}, and some browsers and proxies
 * drop {@code Origin} on same-origin form posts, so that check would either refuse real people or let a missing
 * header through. SameSite=Strict on every cookie is a second line, not the only one.
 */
@ApplicationScoped
public class BrowserSignIn {

    public static final String SESSION_COOKIE = "packops_session";
    public static final String SIGN_IN_COOKIE = "packops_sign_in";
    public static final String CSRF_FIELD = "csrf";

    @Inject
    Sessions sessions;

    @Inject
    TokenRoles tokens;

    @Inject
    SessionConfig config;

    /** {@code Secure} on the cookies: the explicit setting, else everywhere but the dev and test profiles. */
    public static boolean secure(Optional<Boolean> setting, List<String> activeProfiles) {
        return setting.orElse(!(activeProfiles.contains("dev") || activeProfiles.contains("test")));
    }

    boolean secure() {
        return secure(config.cookieSecure(), ConfigUtils.getProfiles());
    }

    /** A fresh value for the sign-in form's hidden field and its {@link #signInCookie}. */
    public String newSignInCsrf() {
        return RandomIds.next();
    }

    public NewCookie signInCookie(String csrf) {
        return cookie(SIGN_IN_COOKIE, csrf, -1);
    }

    /**
     * The sign-in POST's CSRF check: the hidden field must equal the cookie set with the form.
     *
     * @throws ProblemException 403 when either is missing or they differ
     */
    public void checkSignIn(String cookie, String field) {
        if (!RandomIds.same(cookie, field)) {
            throw forbidden("the sign-in form's CSRF token is missing or does not match: reload the page and sign in again");
        }
    }

    /** A new session for whoever {@code token} names; empty when the token is unknown. */
    public Optional<Session> signIn(String token) {
        return caller(token).map(sessions::open);
    }

    /** The caller of {@code token} without opening a session (a page that admits only some roles asks first). */
    public Optional<TokenRoles.Caller> caller(String token) {
        String t = token == null ? "" : token.trim();
        return t.isEmpty() ? Optional.empty() : Optional.ofNullable(tokens.caller(t));
    }

    /** Opens a session for a caller already checked. */
    public Session open(TokenRoles.Caller caller) {
        return sessions.open(caller);
    }

    /** The live session of the cookie's value, if any. */
    public Optional<Session> current(String sessionCookie) {
        return sessions.find(sessionCookie);
    }

    /**
     * Signs out: the form must carry the session's CSRF token; the session ends on the server, whatever the browser
     * does with the cookie afterwards.
     *
     * @throws ProblemException 403 when the CSRF token is missing or not this session's
     */
    public void signOut(String sessionCookie, String csrf) {
        Optional<Session> s = sessions.find(sessionCookie);
        if (s.isPresent() ? !RandomIds.same(s.get().csrf(), csrf) : (csrf == null || csrf.isBlank())) {
            throw forbidden("the sign-out form's CSRF token is missing or does not match this session");
        }
        s.ifPresent(session -> sessions.revoke(session.id()));
    }

    /** The session cookie: HttpOnly, SameSite=Strict, Path=/, Secure outside local dev, gone with the session. */
    public NewCookie sessionCookie(Session s) {
        return cookie(SESSION_COOKIE, s.id(), (int) Math.min(Integer.MAX_VALUE, config.absoluteTimeout().toSeconds()));
    }

    /** Deletes the cookie {@code name} in the browser. */
    public NewCookie cleared(String name) {
        return cookie(name, "", 0);
    }

    private NewCookie cookie(String name, String value, int maxAge) {
        return new NewCookie.Builder(name).value(value).path("/").httpOnly(true).secure(secure())
                .sameSite(NewCookie.SameSite.STRICT).maxAge(maxAge).build();
    }

    static ProblemException forbidden(String detail) {
        return new ProblemException(403, "Forbidden", detail);
    }
}
