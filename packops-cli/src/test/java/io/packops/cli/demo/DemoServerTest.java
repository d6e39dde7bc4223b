package io.packops.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.packops.cli.client.Api;
import io.packops.launcher.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The fake pager answers like PagerDuty's Events API v2 and records what it got; the control panel needs the admin token. */
class DemoServerTest {

    DemoServer server;
    Api api;
    final List<String> calls = new ArrayList<>();
    TelemetryStream stream;

    @BeforeEach
    void start() throws Exception {
        api = new Api(new Api.Urls("http://localhost:1", "http://localhost:1", "http://localhost:1"),
                Map.of("PACKOPS_TOKEN_ADMIN", "adm", "PACKOPS_TOKEN_AGENT", "agt"));
        stream = new TelemetryStream(api, DemoFleetTest.fleet == null
                ? DemoFleet.build(DemoFleetTest.PACKS, 20, 0, 1) : DemoFleetTest.fleet, new InstallSimulator(1, 0, 0), 1);
        server = new DemoServer(0, "adm", new DemoServer.Control() {
            @Override
            public TelemetryStream stream() {
                return stream;
            }

            @Override
            public boolean stopService(String name) {
                calls.add("stop " + name);
                return name.equals("ownership-service");
            }

            @Override
            public boolean startService(String name) {
                calls.add("start " + name);
                return name.equals("ownership-service");
            }

            @Override
            public List<String> services() {
                return List.of("ownership-service");
            }

            @Override
            public boolean running(String name) {
                return !calls.isEmpty() && calls.get(calls.size() - 1).startsWith("start");
            }
        });
    }

    @AfterEach
    void stop() {
        server.close();
    }

    String url(String path) {
        return "http://localhost:" + server.port() + path;
    }

    @Test
    void recordsValidEventsAndRefusesInvalidOnesAsPagerDutyDoes() {
        Response ok = api.post(url("/v2/enqueue"), null, "application/json", """
                {"routing_key": "demo-billing-packs", "event_action": "trigger", "dedup_key": "install-failure-rate{pack=x}",
                 "payload": {"summary": "x 1.1.0: 90% of installs failed", "severity": "critical", "source": "packops"},
                 "links": [{"href": "file:///repo/runbooks/pack-install-failures.md", "text": "Runbook"}]}""");
        assertThat(ok.status()).isEqualTo(202);
        assertThat(ok.body().path("status").asText()).isEqualTo("success");
        assertThat(ok.body().path("dedup_key").asText()).isEqualTo("install-failure-rate{pack=x}");

        Response noKey = api.post(url("/v2/enqueue"), null, "application/json",
                "{\"event_action\": \"trigger\", \"payload\": {\"summary\": \"s\"}}");
        assertThat(noKey.status()).isEqualTo(400);
        assertThat(noKey.body().path("errors").toString()).contains("routing_key");
        Response ackWithoutKey = api.post(url("/v2/enqueue"), null, "application/json",
                "{\"routing_key\": \"k\", \"event_action\": \"acknowledge\"}");
        assertThat(ackWithoutKey.status()).isEqualTo(400);
        assertThat(ackWithoutKey.body().path("errors").toString()).contains("dedup_key");
        assertThat(api.post(url("/v2/enqueue"), null, "application/json", "not json").status()).isEqualTo(400);

        Response change = api.post(url("/v2/change/enqueue"), null, "application/json",
                "{\"routing_key\": \"k\", \"payload\": {\"summary\": \"stripe-revenue 1.1.0 released\"}}");
        assertThat(change.status()).isEqualTo(202);

        assertThat(server.pages()).hasSize(2);
        JsonNode pages = api.get(url("/pages"), null).body();
        assertThat(pages).hasSize(2);
        assertThat(pages.get(0).path("channel").asText()).isEqualTo("pagerduty");
        assertThat(pages.get(0).path("body").path("routing_key").asText()).isEqualTo("demo-billing-packs");
        assertThat(pages.get(1).path("channel").asText()).isEqualTo("pagerduty-change");
        assertThat(api.get(url("/pages?since=1"), null).body()).hasSize(1);
        Response html = api.get(url("/"), null);
        assertThat(html.text()).contains("Fake pager").contains("demo-billing-packs").contains("x 1.1.0: 90% of installs failed")
                .contains("href=\"file:///repo/runbooks/pack-install-failures.md\"");
    }

    @Test
    void thePageShowsEachTriggersLevelAndDedupKeyAndWhatAnAcknowledgeOrResolveCloses() {
        for (int level = 1; level <= 2; level++) {
            assertThat(api.post(url("/v2/enqueue"), null, "application/json", """
                    {"routing_key": "demo-billing-packs", "event_action": "trigger", "dedup_key": "dk-1",
                     "payload": {"summary": "stripe-revenue 1.1.0: 90%% of installs failed", "severity": "critical", "source": "packops",
                                 "custom_details": {"level": %d, "people": ["%s"]}}}""".formatted(level, level == 1 ? "ana" : "dana"))
                    .status()).isEqualTo(202);
        }
        assertThat(api.post(url("/v2/enqueue"), null, "application/json",
                "{\"routing_key\": \"demo-billing-packs\", \"event_action\": \"acknowledge\", \"dedup_key\": \"dk-1\"}").status())
                .isEqualTo(202);

        String html = api.get(url("/"), null).text();
        assertThat(html).contains("<td>level 1: ana</td>").contains("<td>level 2: dana</td>").contains("<code>dk-1</code>")
                .contains("acknowledges: </span>stripe-revenue 1.1.0: 90% of installs failed");
    }

    @Test
    void theControlPanelNeedsTheAdminToken() {
        assertThat(api.post(url("/control/telemetry/pause"), null, "application/json", "{}").status()).isEqualTo(401);
        assertThat(api.post(url("/control/telemetry/pause"), "agent", "application/json", "{}").status()).isEqualTo(401);
        assertThat(stream.paused()).isFalse();

        assertThat(api.post(url("/control/telemetry/pause"), "admin", "application/json", "{}").status()).isEqualTo(200);
        assertThat(stream.paused()).isTrue();
        assertThat(api.get(url("/control/status"), "admin").body().path("telemetry").path("paused").asBoolean()).isTrue();
        assertThat(api.post(url("/control/telemetry/resume"), "admin", "application/json", "{}").status()).isEqualTo(200);
        assertThat(stream.paused()).isFalse();

        Response stop = api.post(url("/control/services/ownership-service/stop"), "admin", "application/json", "{}");
        assertThat(stop.status()).isEqualTo(200);
        assertThat(stop.body().path("state").asText()).isEqualTo("stopped");
        Response start = api.post(url("/control/services/ownership-service/start"), "admin", "application/json", "{}");
        assertThat(start.body().path("state").asText()).isEqualTo("running");
        assertThat(api.post(url("/control/services/nope/stop"), "admin", "application/json", "{}").status()).isEqualTo(404);
        assertThat(calls).containsExactly("stop ownership-service", "start ownership-service", "stop nope");
    }
}
