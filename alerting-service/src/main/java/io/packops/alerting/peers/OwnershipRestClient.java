package io.packops.alerting.peers;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.rest.client.annotation.ClientHeaderParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.util.List;
import java.util.Map;

/**
 * ownership-service's {@code GET /v1/lookup}, called with the peer token (role {@code peer}: this read only). The records below are
 * alerting's own copy of the few fields it reads (no shared DTO module; unknown fields are ignored). Callers go
 * through {@link OwnershipClient}, which adds timeout, retry, circuit breaker and the fallback.
 */
@RegisterRestClient(configKey = "ownership")
@Path("/v1/lookup")
@ClientHeaderParam(name = "Authorization", value = "{bearer}")
public interface OwnershipRestClient {

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    Lookup lookup(@QueryParam("connector") String connector, @QueryParam("pack") String pack,
                  @QueryParam("at") String at, @QueryParam("resolveSecrets") boolean resolveSecrets);

    default String bearer() {
        return "Bearer " + ConfigProvider.getConfig().getOptionalValue("packops.peers.token", String.class).orElse("");
    }

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Lookup(String connector, String pack, Team team, Escalation escalation, String runbook, String runbookUrl,
                  String supportQueue) {
    }

    /** {@code routes}: {@code pagerduty}, {@code slackWebhook}, {@code webhook} → resolved value (null when unset). */
    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Team(String id, String name, Map<String, String> routes) {
    }

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Escalation(String policy, int repeat, List<Level> levels) {
    }

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Level(int level, int effectiveAfterMinutes, boolean skipped, List<Target> targets) {
    }

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Target(String kind, String id, List<Person> people) {
    }

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Person(String id) {
    }
}
