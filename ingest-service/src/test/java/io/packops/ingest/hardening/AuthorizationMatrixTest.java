package io.packops.ingest.hardening;

import io.packops.servicekit.auth.TokenRoles;
import io.packops.testsupport.authz.AuthorizationMatrix;
import io.packops.testsupport.authz.AuthorizationMatrixCheck;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

import java.util.Map;
import java.util.Set;

/**
 * Every operation of {@code /q/openapi} (and any hidden one) called without a token, with an unknown one and
 * with each role's: 401, 401, then 403 exactly for the roles its {@code @RolesAllowed} leaves out. The roles come
 * from the code (the annotations, and {@link TokenRoles} for what each token holds); an endpoint without a role
 * annotation fails the scan. See {@link AuthorizationMatrix}.
 */
@QuarkusTest
class AuthorizationMatrixTest extends AuthorizationMatrixCheck {

    AuthorizationMatrixTest() {
        super("io.packops.ingest",
                // unknown ones: a right role gets a 404 or 400, and nothing changes
                Map.of("pack", "authz-matrix-pack", "version", "0.0.1-authz", "fingerprint", "sha256:" + "0".repeat(64),
                        "accountId", "acct_authz_matrix", "action", "pause", "id", "999999999"));
    }

    @Inject
    TokenRoles tokens;

    @Override
    protected Set<String> grantedRoles(String token) {
        return tokens.caller(token).roles();
    }
}
