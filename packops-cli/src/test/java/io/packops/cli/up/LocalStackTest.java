package io.packops.cli.up;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LocalStackTest {

    static final String DOC = """
            teams:
              - id: billing-packs
                slackWebhook: "${SLACK_BILLING_PACKS}"
                pagerduty: { routingKey: "${PD_BILLING_PACKS}" }
              - id: crm-packs
                pagerduty: { routingKey: "${PD_CRM_PACKS}" }
            """;

    @Test
    void theDemoPagesTheFakePagerUnlessYourEnvironmentSaysOtherwise() {
        Map<String, String> env = LocalStack.demoPagingEnv(DOC, Map.of(), "http://localhost:8084");
        assertThat(env).containsEntry("PD_BILLING_PACKS", "demo-billing-packs").containsEntry("PD_CRM_PACKS", "demo-crm-packs")
                .containsEntry("PAGERDUTY_EVENTS_URL", "http://localhost:8084")
                .containsEntry("PACKOPS_FALLBACK_PAGERDUTY_ROUTING_KEY", "demo-fallback")
                .doesNotContainKey("SLACK_BILLING_PACKS");

        Map<String, String> real = LocalStack.demoPagingEnv(DOC, Map.of("PD_CRM_PACKS", "R0UTINGKEY", "SLACK_BILLING_PACKS",
                "https://hooks.slack.com/services/T/B/x", "PAGERDUTY_EVENTS_URL", "https://events.pagerduty.com"), "http://localhost:8084");
        assertThat(real).containsEntry("PD_CRM_PACKS", "R0UTINGKEY").containsEntry("PD_BILLING_PACKS", "demo-billing-packs")
                .containsEntry("SLACK_BILLING_PACKS", "https://hooks.slack.com/services/T/B/x")
                .containsEntry("PAGERDUTY_EVENTS_URL", "https://events.pagerduty.com");
    }

    @Test
    void rehearsalTimingsShortenEveryWaitButKeepTheRules() {
        Map<String, String> env = LocalStack.rehearsalTimings(Path.of("/repo/deploy/demo/rules.yaml"), 0.02);
        assertThat(env).containsEntry("ALERTING_RULES_FILE", "/repo/deploy/demo/rules.yaml")
                .containsEntry("ALERTS_ESCALATION_TIME_SCALE", "0.02")
                .containsEntry("RULES_EVALUATE_EVERY", "3s")
                .containsEntry("PACKOPS_PAGING_DISPATCH_EVERY", "1s");
    }
}
