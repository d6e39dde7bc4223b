package io.packops.alerting.paging;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * One WireMock server on a dynamic port standing in for ownership-service, PagerDuty, Slack and a webhook
 * receiver (paths {@code /v1/lookup}, {@code /v2/...}, {@code /slack/...}, {@code /hooks/...}).
 */
public class PagingWireMockResource implements QuarkusTestResourceLifecycleManager {

    public static final String FALLBACK_ROUTING_KEY = "fallbackroutingkey00000000000000";

    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(wireMockConfig().dynamicPort());
        server.start();
        String base = server.baseUrl();
        return Map.of(
                "quarkus.rest-client.ownership.url", base,
                "packops.paging.pagerduty-url", base,
                "packops.paging.external-url", "https://alerting.example.com",
                "packops.paging.fallback.pagerduty-routing-key", FALLBACK_ROUTING_KEY,
                "packops.paging.fallback.slack-webhook", base + "/slack/fallback",
                "packops.paging.fallback.webhook-url", base + "/hooks/fallback",
                // the receivers are on this machine: allowed by exact host:port, as ./packops up allows its fake pager
                "packops.outbound.allow", "localhost:" + server.port());
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(server,
                new TestInjector.AnnotatedAndMatchesType(InjectWireMock.class, WireMockServer.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
