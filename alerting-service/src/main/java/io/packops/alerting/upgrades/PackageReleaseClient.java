package io.packops.alerting.upgrades;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.rest.client.annotation.ClientHeaderParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.util.List;

/**
 * ingest-service's {@code /v1/package-releases} as alerting reads it, with the peer operator token (the same client
 * configuration as {@code IngestClient}). Callers go through {@link PackageReleases}.
 */
@RegisterRestClient(configKey = "ingest")
@Path("/v1/package-releases")
@Produces(MediaType.APPLICATION_JSON)
@ClientHeaderParam(name = "Authorization", value = "{bearer}")
public interface PackageReleaseClient {

    default String bearer() {
        return "Bearer " + ConfigProvider.getConfig().getOptionalValue("packops.peers.token", String.class).orElse("");
    }

    @GET
    ReleaseList list(@QueryParam("connector") String connector);

    @GET
    @Path("/{id}")
    Release one(@PathParam("id") long id);

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ReleaseList(String connector, List<Release> items) {
    }

    /** {@code relations} (only in {@link #one}) is the release's catalog as ingest stores a schema body. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Release(long id, String connector, String packageName, String version, String fingerprint, int models,
                   JsonNode relations) {
    }
}
