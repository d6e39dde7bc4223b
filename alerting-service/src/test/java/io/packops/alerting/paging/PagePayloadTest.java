package io.packops.alerting.paging;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@WithTestResource(PagingWireMockResource.class)
class PagePayloadTest extends PagingTestBase {

    @Test
    void triggerGoesToEveryRouteOfTheOwnerTeamAsAPagerDutyV2Event() {
        page(request(7, DEDUP, "trigger", "billing-packs"));
        dispatcher.dispatch();

        List<JsonNode> events = bodies("/v2/enqueue");
        assertThat(events).hasSize(1);
        JsonNode e = events.get(0);
        assertThat(e.path("routing_key").asText()).isEqualTo(TEAM_ROUTING_KEY);
        assertThat(e.path("event_action").asText()).isEqualTo("trigger");
        assertThat(e.path("dedup_key").asText()).isEqualTo(DEDUP);
        JsonNode p = e.path("payload");
        assertThat(p.path("summary").asText()).startsWith("stripe-revenue 1.1.0: 42% of installs fail");
        assertThat(p.path("severity").asText()).isEqualTo("critical");
        assertThat(p.path("source").asText()).isEqualTo("packops-alerting");
        assertThat(p.path("component").asText()).isEqualTo("stripe-revenue");
        assertThat(p.path("group").asText()).isEqualTo("stripe");
        assertThat(p.path("class").asText()).isEqualTo("install-failure-rate");
        assertThat(p.path("timestamp").asText()).isEqualTo("2026-11-27T10:00:00Z");
        assertThat(p.path("custom_details").path("labels").path("version").asText()).isEqualTo("1.1.0");
        assertThat(p.path("custom_details").path("details").path("installs").asInt()).isEqualTo(50);
        assertThat(p.path("custom_details").path("level").asInt()).isEqualTo(1);
        assertThat(p.path("custom_details").path("people").get(0).asText()).isEqualTo("bo");
        assertThat(p.path("custom_details").has("route")).as("not a fallback page").isFalse();
        assertThat(e.path("links").findValuesAsText("text")).containsExactly("Runbook", "Alert in packops");
        assertThat(e.path("links").get(0).path("href").asText()).endsWith("/runbooks/pack-install-failures.md");
        assertThat(e.path("client").asText()).isEqualTo("packops alerting");
        assertThat(e.path("client_url").asText()).isEqualTo("https://alerting.example.com/v1/alerts/7");

        assertThat(bodies("/slack/billing")).hasSize(1);
        assertThat(bodies("/hooks/billing")).hasSize(1);
        List<Delivery> deliveries = pager.deliveries(7);
        assertThat(deliveries).extracting(Delivery::channel).containsExactly("pagerduty", "slack", "webhook");
        assertThat(deliveries).allSatisfy(d -> {
            assertThat(d.state()).isEqualTo("delivered");
            assertThat(d.targetKind()).isEqualTo("team");
            assertThat(d.attempts()).isEqualTo(1);
            assertThat(d.deliveredAt()).isEqualTo(T0);
        });
        assertThat(deliveries.get(0).target()).isEqualTo("routing key …0000").doesNotContain(TEAM_ROUTING_KEY);
        assertThat(deliveries.get(1).target()).doesNotContain("/slack/billing");
    }

    @Test
    void acknowledgeAndResolveCarryOnlyRoutingAndDedupKeys() {
        page(request(8, DEDUP, "trigger", "billing-packs"));
        page(request(8, DEDUP, "acknowledge", "billing-packs"));
        page(request(8, DEDUP, "resolve", "billing-packs"));
        dispatcher.dispatch();

        List<JsonNode> events = bodies("/v2/enqueue");
        assertThat(events).extracting(e -> e.path("event_action").asText()).containsExactly("trigger", "acknowledge", "resolve");
        for (JsonNode e : events.subList(1, 3)) {
            assertThat(e.fieldNames()).toIterable().containsExactlyInAnyOrder("routing_key", "dedup_key", "event_action");
            assertThat(e.path("routing_key").asText()).isEqualTo(TEAM_ROUTING_KEY);
            assertThat(e.path("dedup_key").asText()).isEqualTo(DEDUP);
        }
    }

    @Test
    void summaryIsCutTo1024CharactersWithAnEllipsis() {
        PageRequest r = request(9, DEDUP, "trigger", "billing-packs");
        page(new PageRequest(r.alertId(), r.dedupKey(), r.action(), r.rule(), r.labels(), "warn", "x".repeat(3000),
                r.details(), r.runbookUrl(), r.alertUrl(), r.ownerTeam(), r.level(), r.people(), r.at(), r.routes()));
        dispatcher.dispatch();

        JsonNode p = bodies("/v2/enqueue").get(0).path("payload");
        assertThat(p.path("summary").asText()).hasSize(1024).endsWith("x…");
        assertThat(p.path("severity").asText()).isEqualTo("warning");
    }

    @Test
    void slackMessageHasTextFallbackAndBlocksForFiringAndResolved() {
        page(request(10, DEDUP, "trigger", "billing-packs"));
        page(request(10, DEDUP, "resolve", "billing-packs"));
        dispatcher.dispatch();

        List<JsonNode> messages = bodies("/slack/billing");
        assertThat(messages).hasSize(2);
        JsonNode firing = messages.get(0);
        assertThat(firing.path("text").asText()).startsWith("[FIRING] install-failure-rate");
        JsonNode blocks = firing.path("blocks");
        assertThat(blocks.findValuesAsText("type")).contains("header", "section", "actions", "context");
        assertThat(blocks.get(0).path("text").path("text").asText()).contains("Firing: install-failure-rate");
        JsonNode fields = blocks.get(2).path("fields");
        assertThat(fields.findValuesAsText("text")).contains("*Severity*\ncritical", "*Pack*\nstripe-revenue 1.1.0",
                "*Owner*\nbilling-packs", "*Level*\n1 · bo");
        JsonNode buttons = blocks.get(3).path("elements");
        assertThat(buttons.findValuesAsText("url")).containsExactly(
                "https://git.example.com/packops/runbooks/pack-install-failures.md", "https://alerting.example.com/v1/alerts/10");

        JsonNode resolved = messages.get(1);
        assertThat(resolved.path("text").asText()).startsWith("[RESOLVED]");
        assertThat(resolved.path("blocks").get(0).path("text").path("text").asText()).contains(":white_check_mark: Resolved");
    }

    @Test
    void webhookGetsAlertmanagerV4Payload() {
        page(request(11, DEDUP, "trigger", "billing-packs"));
        clockAdvanceAndResolve(11);
        dispatcher.dispatch();

        List<JsonNode> hooks = bodies("/hooks/billing");
        assertThat(hooks).hasSize(2);
        JsonNode firing = hooks.get(0);
        assertThat(firing.path("version").asText()).isEqualTo("4");
        assertThat(firing.path("status").asText()).isEqualTo("firing");
        assertThat(firing.path("receiver").asText()).isEqualTo("billing-packs");
        assertThat(firing.path("groupKey").asText())
                .isEqualTo("{}:{alertname=\"install-failure-rate\", connector=\"stripe\", pack=\"stripe-revenue\", severity=\"critical\", version=\"1.1.0\"}");
        assertThat(firing.path("groupLabels").path("alertname").asText()).isEqualTo("install-failure-rate");
        assertThat(firing.path("commonLabels").path("pack").asText()).isEqualTo("stripe-revenue");
        assertThat(firing.path("commonAnnotations").path("runbook_url").asText()).endsWith("pack-install-failures.md");
        assertThat(firing.path("externalURL").asText()).isEqualTo("https://alerting.example.com");
        JsonNode alert = firing.path("alerts").get(0);
        assertThat(alert.path("status").asText()).isEqualTo("firing");
        assertThat(alert.path("labels").path("alertname").asText()).isEqualTo("install-failure-rate");
        assertThat(alert.path("labels").path("severity").asText()).isEqualTo("critical");
        assertThat(alert.path("annotations").path("summary").asText()).startsWith("stripe-revenue 1.1.0");
        assertThat(alert.path("startsAt").asText()).isEqualTo("2026-11-27T10:00:00Z");
        assertThat(alert.path("endsAt").asText()).isEqualTo("0001-01-01T00:00:00Z");
        assertThat(alert.path("generatorURL").asText()).isEqualTo("https://alerting.example.com/v1/alerts/11");
        assertThat(alert.path("fingerprint").asText()).matches("[0-9a-f]{16}");

        JsonNode resolved = hooks.get(1);
        assertThat(resolved.path("status").asText()).isEqualTo("resolved");
        JsonNode r = resolved.path("alerts").get(0);
        assertThat(r.path("startsAt").asText()).as("startsAt of the trigger").isEqualTo("2026-11-27T10:00:00Z");
        assertThat(r.path("endsAt").asText()).isEqualTo("2026-11-27T10:20:00Z");
        assertThat(r.path("fingerprint").asText()).isEqualTo(alert.path("fingerprint").asText());
    }

    private void clockAdvanceAndResolve(long alertId) {
        PageRequest t = request(alertId, DEDUP, "resolve", "billing-packs");
        page(new PageRequest(t.alertId(), t.dedupKey(), t.action(), t.rule(), t.labels(), t.severity(), t.summary(),
                t.details(), t.runbookUrl(), t.alertUrl(), t.ownerTeam(), 0, List.of(),
                T0.plusSeconds(20 * 60), t.routes()));
    }

    @Test
    void changeEventForANewReleaseGoesToTheOwnersPagerDutyService() {
        pager.changeEvent("stripe-revenue", "1.2.0", "stripe", null); // asks ownership, then enqueues in a transaction of its own
        dispatcher.dispatch();

        List<JsonNode> changes = bodies("/v2/change/enqueue");
        assertThat(changes).hasSize(1);
        JsonNode c = changes.get(0);
        assertThat(c.path("routing_key").asText()).isEqualTo(TEAM_ROUTING_KEY);
        assertThat(c.path("payload").path("summary").asText()).isEqualTo("Pack stripe-revenue 1.2.0 released (stripe)");
        assertThat(c.path("payload").path("source").asText()).isEqualTo("packops-alerting");
        assertThat(c.path("payload").path("timestamp").asText()).isEqualTo("2026-11-27T10:00:00Z");
        assertThat(c.path("payload").path("custom_details").path("version").asText()).isEqualTo("1.2.0");
        assertThat(c.path("payload").path("custom_details").path("owner").asText()).isEqualTo("billing-packs");
        assertThat(bodies("/v2/enqueue")).isEmpty();

        pager.changeEvent("stripe-revenue", "1.2.1", "stripe", "explicitroutingkey00000000000000");
        dispatcher.dispatch();
        assertThat(bodies("/v2/change/enqueue").get(1).path("routing_key").asText()).isEqualTo("explicitroutingkey00000000000000");
    }

    @Test
    void fallbackRouteIsPagedAndSaysSoWhenTheAlertHasNoOwner() {
        page(request(12, DEDUP, "trigger", null));
        dispatcher.dispatch();

        JsonNode pd = bodies("/v2/enqueue").get(0);
        assertThat(pd.path("routing_key").asText()).isEqualTo(PagingWireMockResource.FALLBACK_ROUTING_KEY);
        assertThat(pd.path("payload").path("custom_details").path("route").asText()).isEqualTo("fallback");
        assertThat(pd.path("payload").path("custom_details").path("fallback_reason").asText()).contains("no owner");
        JsonNode slack = bodies("/slack/fallback").get(0);
        assertThat(slack.path("blocks").findValuesAsText("text")).anyMatch(t -> t.contains("fallback route"));
        JsonNode hook = bodies("/hooks/fallback").get(0);
        assertThat(hook.path("receiver").asText()).isEqualTo("packops-fallback");
        assertThat(hook.path("commonAnnotations").path("route").asText()).startsWith("fallback");
        assertThat(bodies("/slack/billing")).isEmpty();
        assertThat(pager.deliveries(12)).extracting(Delivery::targetKind).containsOnly("fallback");
    }

    @Test
    void fallbackRouteIsPagedWhenOwnershipCannotSayWhereTheTeamIsRouted() {
        wireMock.stubFor(get(urlPathEqualTo("/v1/lookup")).willReturn(aResponse().withStatus(503)));

        page(new PageRequest(13, "telemetry-silent{connector=hubspot}", "trigger", "telemetry-silent",
                Map.of("connector", "hubspot"), "error", "no telemetry from hubspot for 2h", Map.of(), null, null,
                "never-looked-up-team", 1, List.of(), T0, null));
        dispatcher.dispatch();

        JsonNode pd = bodies("/v2/enqueue").get(0);
        assertThat(pd.path("routing_key").asText()).isEqualTo(PagingWireMockResource.FALLBACK_ROUTING_KEY);
        assertThat(pd.path("payload").path("custom_details").path("fallback_reason").asText())
                .contains("never-looked-up-team").contains("ownership-service");
        assertThat(pager.deliveries(13)).hasSize(3).allSatisfy(d -> assertThat(d.state()).isEqualTo("delivered"));
    }
}
