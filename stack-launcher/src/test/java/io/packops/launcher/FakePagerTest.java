package io.packops.launcher;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class FakePagerTest {

    static final String TRIGGER = """
            {"routing_key": "rk-billing", "event_action": "trigger", "dedup_key": "install-failure-rate{pack=x}",
             "payload": {"summary": "x 1.1.0: 90% of installs failed", "severity": "critical", "source": "packops",
                         "custom_details": {"level": 2, "route": "fallback"}}}""";

    final FakePager pager = FakePager.start();
    final Http http = new Http();

    @AfterEach
    void close() {
        pager.close();
    }

    Response post(String path, String body) throws Exception {
        return http.post(pager.url() + path, null, "application/json", body.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5));
    }

    @Test
    void answersAsPagerDutyAndRecordsWhatItWasSent() throws Exception {
        Response ok = post("/v2/enqueue", TRIGGER);
        Response invalid = post("/v2/enqueue", "{\"routing_key\": \"k\", \"event_action\": \"resolve\"}");

        assertThat(ok.status()).isEqualTo(202);
        assertThat(ok.body().path("dedup_key").asText()).isEqualTo("install-failure-rate{pack=x}");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.body().path("errors").toString()).contains("dedup_key");
        assertThat(pager.pages()).extracting(FakePager.Page::status).containsExactly(202, 400);
        FakePager.Page page = pager.delivered().get(0);
        assertThat(page.trigger()).isTrue();
        assertThat(page.routingKey()).isEqualTo("rk-billing");
        assertThat(page.level()).isEqualTo(2);
        assertThat(page.route()).isEqualTo("fallback");
        assertThat(http.get(pager.url() + "/pages", null, Duration.ofSeconds(5)).body()).hasSize(1);
    }

    @Test
    void anOutageRefusesWith500And429InTurnUntilItRecovers() throws Exception {
        pager.outage(Duration.ofSeconds(3));

        Response first = post("/v2/enqueue", TRIGGER);
        Response second = post("/v2/enqueue", TRIGGER);
        Response third = post("/v2/enqueue", TRIGGER);
        pager.recover();
        Response after = post("/v2/enqueue", TRIGGER);

        assertThat(first.status()).isEqualTo(500);
        assertThat(second.status()).isEqualTo(429);
        assertThat(second.retryAfter()).contains("3");
        assertThat(third.status()).isEqualTo(500);
        assertThat(after.status()).isEqualTo(202);
        assertThat(pager.pages()).extracting(FakePager.Page::status).containsExactly(500, 429, 500, 202);
        assertThat(pager.delivered()).hasSize(1);
        assertThat(pager.pages().get(1).dedupKey()).as("a refused event is recorded with its body")
                .isEqualTo("install-failure-rate{pack=x}");
    }

    @Test
    void whatIsNotThePagersGoesToTheOtherHandler() throws Exception {
        try (FakePager withPanel = new FakePager(0, ex -> FakePager.send(ex, 418, "text/plain", "panel"))) {
            Response r = http.get(withPanel.url() + "/control/status", null, Duration.ofSeconds(5));
            assertThat(r.status()).isEqualTo(418);
            assertThat(r.text()).isEqualTo("panel");
        }
        assertThat(http.get(pager.url() + "/control/status", null, Duration.ofSeconds(5)).status()).isEqualTo(404);
    }
}
