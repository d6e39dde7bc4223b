package io.packops.alerting.paging;

import io.packops.testsupport.receivers.BadReceiver;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * {@link PagingWireMockResource} (ownership, PagerDuty) plus a {@link BadReceiver} for team webhooks that drip or answer
 * huge bodies, both allow-listed by exact {@code localhost:port}; a 5 s exchange deadline so the tests stay short.
 */
public class BadReceiverPagingResource extends PagingWireMockResource {

    static BadReceiver receiver;

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        receiver = BadReceiver.start(Duration.ofSeconds(1), Duration.ofSeconds(60), 20L * 1024 * 1024);
        config.put("packops.outbound.allow", config.get("packops.outbound.allow") + ",localhost:" + receiver.port());
        config.put("packops.paging.send-timeout", "5s");
        return config;
    }

    @Override
    public void stop() {
        super.stop();
        if (receiver != null) {
            receiver.close();
        }
    }
}
