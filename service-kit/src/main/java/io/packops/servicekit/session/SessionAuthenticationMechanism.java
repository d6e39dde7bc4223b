package io.packops.servicekit.session;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
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

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A signed-in browser's session cookie, honoured only for GET and HEAD of the API description, Swagger UI and the
 * pages a service lists ({@link SessionConfig#pages()}): it can read what a person reads, never change anything
 * through the API (no CSRF on the API). A request with an {@code Authorization} header is left to the bearer
 * mechanism, right or wrong. Asked first for the challenge: a browser opening Swagger UI unsigned is sent to
 * {@code /q/sign-in}; everyone else gets the bearer challenge.
 */
@ApplicationScoped
public class SessionAuthenticationMechanism implements HttpAuthenticationMechanism {

    @Inject
    Sessions sessions;

    @Inject
    SessionConfig config;

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        Cookie cookie = context.request().getCookie(BrowserSignIn.SESSION_COOKIE);
        if (cookie == null || context.request().getHeader("Authorization") != null || !safe(context.request().method())
                || !covered(context.normalizedPath(), config.pages().orElse(List.of()))) {
            return Uni.createFrom().nullItem();
        }
        Optional<Session> s = sessions.find(cookie.getValue());
        if (s.isEmpty()) {
            return Uni.createFrom().nullItem(); // expired or signed out: anonymous, the page asks to sign in again
        }
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(s.get().principal()))
                .addRoles(s.get().roles())
                .build());
    }

    /** Where a session counts: the API description in every spelling, Swagger UI, and the listed pages. */
    static boolean covered(String path, List<String> pages) {
        return path != null && (docs(path) || pages.contains(path));
    }

    static boolean docs(String path) {
        return path.equals("/q/openapi") || path.startsWith("/q/openapi.") || path.startsWith("/q/openapi/") || swaggerUi(path);
    }

    static boolean swaggerUi(String path) {
        return path.equals("/q/swagger-ui") || path.startsWith("/q/swagger-ui/");
    }

    private static boolean safe(HttpMethod method) {
        return HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method);
    }

    /** A browser asking for Swagger UI without a session: to the sign-in page, back here afterwards. */
    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        String accept = context.request().getHeader("Accept");
        String path = context.normalizedPath();
        if (safe(context.request().method()) && path != null && swaggerUi(path) && accept != null && accept.contains("text/html")
                && context.request().getHeader("Authorization") == null) {
            return Uni.createFrom().item(new ChallengeData(302, "Location",
                    SignInPage.PATH + "?next=" + URLEncoder.encode(path, StandardCharsets.UTF_8)));
        }
        return Uni.createFrom().nullItem();
    }

    /** Before the bearer mechanism, so that its challenge (the redirect) is asked first; it declines everything else. */
    @Override
    public int getPriority() {
        return DEFAULT_PRIORITY + 1;
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of();
    }
}
