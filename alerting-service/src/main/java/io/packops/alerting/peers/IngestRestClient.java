package io.packops.alerting.peers;

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
import java.util.Map;

/**
 * ingest-service as alerting reads it, with the peer token (role {@code peer}: these GETs only), and acts on it
 * (withdraw, rollout decisions) with the automation token (role {@code automation}: those two POSTs only); neither
 * is an operator token. Only the fields alerting uses are kept (no shared DTO module); unknown fields are ignored. Callers go
 * through one bean per concern, {@link IngestClient} (registry, fleet, stats, withdraw) and {@link IngestRolloutClient}
 * (staged rollouts), which add timeouts, retries and the circuit breaker. A {@code null} query parameter is left out.
 */
@RegisterRestClient(configKey = "ingest")
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@ClientHeaderParam(name = "Authorization", value = "{bearer}")
public interface IngestRestClient {

    default String bearer() {
        return "Bearer " + ConfigProvider.getConfig().getOptionalValue("packops.peers.token", String.class).orElse("");
    }

    /** The automation token, for the two things alerting does to ingest rather than read. */
    default String automationBearer() {
        return "Bearer " + ConfigProvider.getConfig().getOptionalValue("packops.peers.automation-token", String.class).orElse("");
    }

    @GET
    @Path("/schemas")
    SchemaPage schemas(@QueryParam("connector") String connector, @QueryParam("includeRelations") boolean includeRelations,
                       @QueryParam("limit") int limit, @QueryParam("cursor") String cursor);

    @GET
    @Path("/schemas/{fingerprint}")
    SchemaBody schema(@PathParam("fingerprint") String fingerprint);

    @GET
    @Path("/package-releases")
    PackageReleaseList packageReleases(@QueryParam("connector") String connector);

    @GET
    @Path("/package-releases/{id}")
    PackageRelease packageRelease(@PathParam("id") long id);

    @GET
    @Path("/packs")
    Page<PackSummary> packs(@QueryParam("limit") int limit, @QueryParam("cursor") String cursor);

    @GET
    @Path("/packs/{pack}/versions")
    Page<PackVersion> versions(@PathParam("pack") String pack, @QueryParam("limit") int limit,
                               @QueryParam("cursor") String cursor);

    @GET
    @Path("/packs/{pack}/versions/{version}")
    PackVersion version(@PathParam("pack") String pack, @PathParam("version") String version);

    @POST
    @Path("/packs/{pack}/versions/{version}/withdraw")
    @Consumes(MediaType.APPLICATION_JSON)
    @ClientHeaderParam(name = "Authorization", value = "{automationBearer}")
    Release withdraw(@PathParam("pack") String pack, @PathParam("version") String version, WithdrawRequest body);

    /** Install or render stats over {@code window}; {@code pack} and {@code version} narrow them (null: every one). */
    @GET
    @Path("/stats/installs")
    InstallStats installs(@QueryParam("window") String window, @QueryParam("type") String type,
                          @QueryParam("pack") String pack, @QueryParam("version") String version,
                          @QueryParam("groupBy") String groupBy, @QueryParam("limit") int limit,
                          @QueryParam("cursor") String cursor);

    @GET
    @Path("/stats/freshness")
    Freshness freshness();

    @GET
    @Path("/stats/failures")
    Failures failures(@QueryParam("window") String window, @QueryParam("type") String type,
                      @QueryParam("pack") String pack, @QueryParam("version") String version,
                      @QueryParam("warehouse") String warehouse, @QueryParam("limit") int limit);

    @GET
    @Path("/rollouts")
    Page<Rollout> rollouts(@QueryParam("state") String state, @QueryParam("limit") int limit, @QueryParam("cursor") String cursor);

    @POST
    @Path("/rollouts/{id}/analysis")
    @Consumes(MediaType.APPLICATION_JSON)
    @ClientHeaderParam(name = "Authorization", value = "{automationBearer}")
    Rollout decide(@PathParam("id") long id, Decision decision);

    // ---- what alerting keeps of ingest's answers ------------------------------------------------------

    @JsonIgnoreProperties(ignoreUnknown = true)
    record SchemaPage(String connector, long totalAccounts, long totalFingerprints, List<SchemaGroup> items,
                      String nextCursor) {
    }

    /**
     * One distinct current schema of a connector: how many accounts have it, a sample of them, where, and on which
     * version of the connector's dbt package ({@code accountsByPackageVersion}, null when ingest knows none).
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record SchemaGroup(String fingerprint, long accounts, List<String> accountIds, boolean accountIdsTruncated,
                       List<String> warehouses, Map<String, Long> accountsByWarehouse,
                       Map<String, Long> accountsByPackageVersion) {

        public SchemaGroup(String fingerprint, long accounts, List<String> accountIds, boolean accountIdsTruncated,
                           List<String> warehouses, Map<String, Long> accountsByWarehouse) {
            this(fingerprint, accounts, accountIds, accountIdsTruncated, warehouses, accountsByWarehouse, null);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record PackageReleaseList(String connector, List<PackageRelease> items) {
    }

    /**
     * A registered release of a connector's dbt package; {@code relations} (only when read by id) is its catalog as
     * ingest stores a schema body.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record PackageRelease(long id, String connector, String packageName, String version, String fingerprint, int models,
                          JsonNode relations) {
    }

    /** {@code relations} is ingest's stored body ({@code [{name, kind, source?, columns: [...]}]}). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record SchemaBody(String fingerprint, long accounts, List<String> warehouses, JsonNode relations) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Page<T>(List<T> items, String nextCursor) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record PackSummary(String pack, String connector, String latestVersion, String servedVersion, int activeVersions) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record PackVersion(String pack, String version, String connector, String status, Instant publishedAt,
                       String contentSha256, String manifest) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Release(String pack, String connector, String servedVersion) {
    }

    record WithdrawRequest(String reason) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record InstallStats(String window, List<InstallGroup> groups, String nextCursor) {
    }

    /** Grouping keys come flattened next to the counts; only those asked for are present. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record InstallGroup(String connector, String pack, String version, String warehouse, long attempts, long succeeded,
                        long failed, long accounts) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Freshness(Instant asOf, Instant newestReceivedAt, List<ConnectorFreshness> connectors) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ConnectorFreshness(String connector, Instant newestReceivedAt, long events24h) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Failures(List<FailureGroup> groups) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record FailureGroup(String fingerprint, long count, long accounts, String stage, String errorCode, String sampleMessage) {
    }

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
}
