package io.packops.testsupport.authz;

import io.quarkus.test.common.http.TestHTTPResource;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;
import java.util.Set;

/**
 * A service's {@code @QuarkusTest AuthorizationMatrixTest}: {@link AuthorizationMatrix#verify} with the test tokens.
 * The subclass names its package and samples, and grants roles with the service's own token mapping (service-kit's
 * {@code TokenRoles}, which this module cannot see).
 */
public abstract class AuthorizationMatrixCheck {

    @TestHTTPResource("/")
    URI base;

    private final String packagePrefix;
    private final Map<String, String> pathSamples;
    private final Map<String, String> publicOperations;
    private final Map<String, Set<String>> selfChecked;
    private final Map<String, String> hiddenFromOpenApi;

    /** See {@link AuthorizationMatrix.Service} for each argument. */
    protected AuthorizationMatrixCheck(String packagePrefix, Map<String, String> pathSamples, Map<String, String> publicOperations,
                                       Map<String, Set<String>> selfChecked, Map<String, String> hiddenFromOpenApi) {
        this.packagePrefix = packagePrefix;
        this.pathSamples = pathSamples;
        this.publicOperations = publicOperations;
        this.selfChecked = selfChecked;
        this.hiddenFromOpenApi = hiddenFromOpenApi;
    }

    /** A service with no public, self-checked or hidden operations. */
    protected AuthorizationMatrixCheck(String packagePrefix, Map<String, String> pathSamples) {
        this(packagePrefix, pathSamples, Map.of(), Map.of(), Map.of());
    }

    /** The roles the service grants {@code token} (its own mapping, nesting included). */
    protected abstract Set<String> grantedRoles(String token);

    @Test
    void everyOperationAnswers401WithoutATokenAnd403ToEveryRoleItDoesNotAllow() throws Exception {
        AuthorizationMatrix.verify(new AuthorizationMatrix.Service(base, packagePrefix, RoleCases.TEST_TOKENS,
                this::grantedRoles, pathSamples, publicOperations, selfChecked, hiddenFromOpenApi));
    }
}
