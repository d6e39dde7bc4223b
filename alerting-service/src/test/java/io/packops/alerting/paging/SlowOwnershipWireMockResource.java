package io.packops.alerting.paging;

import java.util.HashMap;
import java.util.Map;

/**
 * {@link PagingWireMockResource} with room for a slow ownership-service: the lookup's timeout raised to 5 s, so an
 * answer 3 s late still counts (the default 2 s would page the fallback route instead).
 */
public class SlowOwnershipWireMockResource extends PagingWireMockResource {

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        config.put("quarkus.fault-tolerance.\"io.packops.alerting.peers.OwnershipClient\".timeout.value", "5000");
        config.put("quarkus.fault-tolerance.\"io.packops.alerting.peers.OwnershipClient/lookup\".timeout.value", "5000");
        return config;
    }
}
