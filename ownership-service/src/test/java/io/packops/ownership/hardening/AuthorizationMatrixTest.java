package io.packops.ownership.hardening;

import io.packops.servicekit.auth.TokenRoles;
import io.packops.testsupport.authz.AuthorizationMatrixCheck;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

import java.util.Map;
import java.util.Set;

/**
 * Every operation of {@code /q/openapi} (and the hidden ones: the benchmark baseline, the support page) called
 * without a token, with an unknown one and with each role's: 401, 401, then 403 exactly for the roles its {@code @RolesAllowed} leaves out (roles from
 * the code: the annotations, and {@link TokenRoles} for what each token holds). An endpoint without a role
 * annotation fails the scan; {@code @PermitAll} is allowed only on the support page's operations listed here.
 */
@QuarkusTest
class AuthorizationMatrixTest extends AuthorizationMatrixCheck {

    AuthorizationMatrixTest() {
        super("io.packops.ownership",
                // ids nothing has: a right role gets a 404 and nothing changes
                Map.of("id", "no-such-schedule", "revision", "987654321"),
                Map.of("POST /login", "the support page's sign-in form: it checks its CSRF pair, then the token it is given",
                        "POST /logout", "ends the support page's session: it checks the session's CSRF token"),
                // the page is @PermitAll so that it can answer anonymous browsers with its sign-in form (a 401 page)
                Map.of("GET /", Set.of(TokenRoles.AGENT)),
                // hidden operations are still called with every token; the support page is HTML for people, not an API
                Map.of("GET /v1/bench/baseline", "the benchmark's bare GET, a 404 unless PACKOPS_BENCH_BASELINE is on",
                        "GET /", "the support page: HTML for people, not an API",
                        "POST /login", "the support page's sign-in form",
                        "POST /logout", "the support page's sign-out"));
    }

    @Inject
    TokenRoles tokens;

    @Override
    protected Set<String> grantedRoles(String token) {
        return tokens.caller(token).roles();
    }
}
