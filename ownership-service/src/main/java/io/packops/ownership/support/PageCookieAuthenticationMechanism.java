package io.packops.ownership.support;

import io.packops.servicekit.auth.BearerTokenAuthenticationMechanism;
import io.packops.servicekit.auth.TokenRoles;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The support page's sign-in: a browser cannot send bearer headers, so the page keeps the token in the
 * {@value #PAGE_COOKIE} cookie. Quarkus asks the kit's bearer mechanism first (a request with an {@code Authorization}
 * header is decided there, right or wrong); only a request without one comes here. The cookie is honoured only for
 * safe (GET/HEAD) requests of the page itself, so it can never be used to change anything (no CSRF on the API). It
 * holds the token base64url-encoded, so a token with characters a cookie may not carry ({@code ;}, {@code ,},
 * spaces, quotes) still works.
 */
@ApplicationScoped
public class PageCookieAuthenticationMechanism implements HttpAuthenticationMechanism {

    public static final String PAGE_COOKIE = "packops_token";

    @Inject
    TokenRoles tokens;

    @Inject
    BearerTokenAuthenticationMechanism bearer;

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        HttpMethod method = context.request().method();
        Cookie cookie = context.request().getCookie(PAGE_COOKIE);
        if (cookie == null || !"/".equals(context.normalizedPath())
                || !(HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method))) {
            return Uni.createFrom().nullItem();
        }
        String token = tokenOf(cookie.getValue());
        TokenRoles.Caller caller = token == null ? null : tokens.caller(token);
        if (caller == null) {
            return Uni.createFrom().nullItem(); // a stale cookie: the page asks to sign in again
        }
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(caller.name()))
                .addRoles(caller.roles())
                .build());
    }

    /** The page cookie's value for a token. */
    public static String pageCookieValue(String token) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(token.getBytes(StandardCharsets.UTF_8));
    }

    /** The token in a page cookie's value; null when the value was not written by {@link #pageCookieValue}. */
    static String tokenOf(String cookieValue) {
        if (cookieValue == null || cookieValue.isEmpty()) {
            return null;
        }
        try {
            return new String(Base64.getUrlDecoder().decode(cookieValue), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** After the bearer mechanism: a header, when there is one, decides. */
    @Override
    public int getPriority() {
        return DEFAULT_PRIORITY - 1;
    }

    /** The bearer mechanism's challenge: the API's 401s say {@code Bearer}, whichever mechanism is asked. */
    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return bearer.getChallenge(context);
    }
}
