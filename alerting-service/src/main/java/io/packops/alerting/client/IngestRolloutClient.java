package io.packops.alerting.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.rest.client.annotation.ClientHeaderParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.time.Instant;
import java.util.List;

/**
 * ingest-service's staged rollouts and the per-version stats the canary analysis reads, with the peer operator
 * token (same peer and token as {@link IngestClient}; kept apart so the rollout analysis stays in its own files).
 * Callers go through {@link IngestRolloutService}.
 */
@RegisterRestClient(configKey = "ingest")
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@ClientHeaderParam(name = "Authorization", value = "{bearer}")
public interface IngestRolloutClient {

    default String bearer() {
        return "Bearer " + ConfigProvider.getConfig().getOptionalValue("packops.peers.token", String.class).orElse("");
    }

    @GET
    @Path("/rollouts")
    IngestClient.Page<Rollout> rollouts(@QueryParam("state") String state, @QueryParam("limit") int limit, @QueryParam("cursor") String cursor);

    @POST
    @Path("/rollouts/{id}/analysis")
    @Consumes(MediaType.APPLICATION_JSON)
    Rollout decide(@PathParam("id") long id, Decision decision);

    @GET
    @Path("/stats/installs")
    VersionStats installs(@QueryParam("window") String window, @QueryParam("type") String type,
                          @QueryParam("pack") String pack, @QueryParam("version") String version,
                          @QueryParam("groupBy") String groupBy, @QueryParam("limit") int limit,
                          @QueryParam("cursor") String cursor);

    @GET
    @Path("/stats/failures")
    Failures failures(@QueryParam("window") String window, @QueryParam("type") String type,
                      @QueryParam("pack") String pack, @QueryParam("version") String version,
                      @QueryParam("warehouse") String warehouse, @QueryParam("limit") int limit);

    // ---- what alerting keeps of ingest's answers ------------------------------------------------------

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Rollout(long id, String pack, String connector, String canaryVersion, String stableVersion, String state,
                   int step, List<Integer> steps, int stepMinutes, Analysis analysis, Cohort cohort,
                   Instant stepStartedAt) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Analysis(double maxFailureRate, double maxRatioToStable, int minInstalls) {
    }

    /** The rollout's cohort; null warehouses = every account. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Cohort(List<String> warehouses) {
    }

    /** What the analysis decided, with the numbers; ingest answers 409 when the rollout moved meanwhile. */
    record Decision(String decision, int fromStep, String check, String reason, JsonNode metrics) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record VersionStats(List<WarehouseGroup> groups, String nextCursor) {
    }

    /** One {@code groupBy=warehouse} group (warehouse null for renders that name none). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record WarehouseGroup(String warehouse, long attempts, long failed) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Failures(List<FailureGroup> groups) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record FailureGroup(String fingerprint, long count, long accounts, String stage, String errorCode, String sampleMessage) {
    }
}
