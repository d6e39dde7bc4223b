package io.packops.launcher;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The local stack allows alerting to page its fake pager, by exact host:port, and nothing else (issue 16, item 6). */
class OutboundAllowListTest {

    Stack stack(Path dir) {
        return new Stack(Stack.Settings.isolated(dir, dir, "test", Stack.fixedTokens("allow-list")))
                .database("jdbc:postgresql://127.0.0.1:1/x", "u", "p");
    }

    @Test
    void alertingMayPageTheFakePagerOnly() {
        Stack stack = stack(Path.of("target"));
        ServiceProcess ingest = stack.ingest(1, Map.of());
        ServiceProcess ownership = stack.ownership(2, Path.of("ownership.yaml"), Map.of());
        ServiceProcess alerting = stack.alerting("alerting-service", 3, ingest, ownership, "http://127.0.0.1:18099",
                "key", Map.of());
        assertThat(alerting.env()).containsEntry("PACKOPS_OUTBOUND_ALLOW", "127.0.0.1:18099");
        assertThat(ingest.env()).doesNotContainKey("PACKOPS_OUTBOUND_ALLOW");

        ServiceProcess withReceiver = stack.alerting("alerting-b", 4, ingest, ownership, "http://localhost:8084",
                "key", Map.of("PACKOPS_OUTBOUND_ALLOW", "localhost:9000"));
        assertThat(withReceiver.env()).containsEntry("PACKOPS_OUTBOUND_ALLOW", "localhost:8084,localhost:9000");
    }

    @Test
    void hostAndPortOfAUrl() {
        assertThat(Stack.hostPort("http://localhost:8084/v2")).isEqualTo("localhost:8084");
        assertThat(Stack.hostPort("https://events.pagerduty.com")).isEqualTo("events.pagerduty.com:443");
        assertThat(Stack.hostPort("http://127.0.0.1")).isEqualTo("127.0.0.1:80");
    }
}
