package io.packops.ingest.hardening;

import io.packops.servicekit.auth.TokenRoles;
import io.packops.testsupport.authz.AuthorizationMatrix;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;

/**
 * Every operation of {@code /q/openapi} (and any hidden one) called without a token, with an unknown one and
 * with each role's: 401, 401, then 403 exactly for the roles its {@code @RolesAllowed} leaves out. The roles come
 * from the code (the annotations, and {@link TokenRoles} for what each token holds); an endpoint without a role
 * annotation fails the scan. See {@link AuthorizationMatrix}.
 */
@QuarkusTest
class AuthorizationMatrixTest {

    @TestHTTPResource("/")
    URI base;

    @Inject
    TokenRoles tokens;

    @Test
    void everyOperationAnswers401WithoutATokenAnd403ToEveryRoleItDoesNotAllow() throws Exception {
        AuthorizationMatrix.verify(new AuthorizationMatrix.Service(base, "io.packops.ingest",
                Map.of("ingest", "test-ingest", "agent", "test-agent", "operator", "test-operator", "admin", "test-admin"),
                token -> tokens.caller(token).roles(),
                // unknown ones: a right role gets a 404 or 400, and nothing changes
                Map.of("pack", "authz-matrix-pack", "version", "0.0.1-authz", "fingerprint", "sha256:" + "0".repeat(64),
                        "accountId", "acct_authz_matrix", "action", "pause", "id", "999999999"),
                Map.of(), Map.of(), Map.of()));
    }
}
