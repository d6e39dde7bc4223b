package io.packops.alerting.hardening;

import io.packops.alerting.rules.RulesTestProfile;
import io.packops.servicekit.auth.TokenRoles;
import io.packops.testsupport.authz.AuthorizationMatrixCheck;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

import java.util.Map;
import java.util.Set;

/**
 * Every operation of {@code /q/openapi} called without a token, with an unknown one and with each role's: 401, 401,
 * then 403 exactly for the roles its {@code @RolesAllowed} leaves out (roles from the code: the annotations, and
 * {@link TokenRoles} for what each token holds). An endpoint without a role annotation fails the scan.
 * Runs on the rules profile (WireMock ingest): a gate or check that gets through answers without a real peer.
 */
@QuarkusTest
@TestProfile(RulesTestProfile.class)
class AuthorizationMatrixTest extends AuthorizationMatrixCheck {

    AuthorizationMatrixTest() {
        super("io.packops.alerting",
                // ids nothing has: a right role gets a 404 and nothing changes
                Map.of("id", "987654321"));
    }

    @Inject
    TokenRoles tokens;

    @Override
    protected Set<String> grantedRoles(String token) {
        return tokens.caller(token).roles();
    }
}
