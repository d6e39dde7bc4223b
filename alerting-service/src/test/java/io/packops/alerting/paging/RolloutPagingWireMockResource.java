package io.packops.alerting.paging;

import java.util.HashMap;
import java.util.Map;

/** {@link PagingWireMockResource} whose WireMock also stands in for ingest-service (rollouts and stats). */
public class RolloutPagingWireMockResource extends PagingWireMockResource {

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        config.put("quarkus.rest-client.ingest.url", config.get("quarkus.rest-client.ownership.url"));
        return config;
    }
}
