package io.packops.ownership.bench;

import io.packops.servicekit.auth.TokenRoles;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Bench-only: the "bare Quarkus GET" that {@code ownership-service/bench/lookup-bench.sh} compares
 * {@code GET /v1/lookup} against in the same run. Same dispatch (a blocking JAX-RS method on a worker thread),
 * same bearer-token authentication and role check as lookup, same Jackson serialisation, but no work: a
 * constant, small JSON object.
 *
 * <p>Test code: the shipped jar does not have it. {@code lookup-bench.sh} builds the jar with {@code -Pbench}, which
 * compiles this one file into the application (see the {@code bench} profile of the module's pom); every
 * {@code @QuarkusTest} has it too, as test classes are part of the application under test. Even then it is off unless
 * {@code packops.bench.baseline=true} ({@code PACKOPS_BENCH_BASELINE=true}): when off it answers 404 like an unknown
 * path (after the token check, so without a valid agent/operator token it is still 401/403). Hidden from the
 * OpenAPI document.
 */
@Path("/v1/bench/baseline")
@Produces(MediaType.APPLICATION_JSON)
public class BenchBaselineResource {

    /** The constant answer. */
    @RegisterForReflection
    public record Baseline(String service, String status) {
    }

    private static final Baseline ANSWER = new Baseline("ownership-service", "ok");

    @ConfigProperty(name = "packops.bench.baseline", defaultValue = "false")
    boolean enabled;

    @GET
    @RolesAllowed({TokenRoles.AGENT, TokenRoles.OPERATOR})
    @Operation(hidden = true)
    public Baseline baseline() {
        if (!enabled) {
            throw new NotFoundException();
        }
        return ANSWER;
    }
}
