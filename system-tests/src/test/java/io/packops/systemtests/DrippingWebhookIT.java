package io.packops.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import io.packops.launcher.FakePager.Page;
import io.packops.systemtests.harness.Alerting;
import io.packops.systemtests.harness.Alerting.Version;
import io.packops.systemtests.harness.PagingStack;
import io.packops.systemtests.harness.Running;
import io.packops.testsupport.receivers.BadReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One slow webhook must not stall paging (issue 16, item 2), on the packaged stack: team crm-packs' only route is a
 * webhook that answers 200 and then drips one byte a second for a minute; team billing-packs pages the fake PagerDuty.
 * While crm-packs' page hangs, billing-packs' page is delivered within seconds of its alert firing; crm-packs' exchange
 * ends at the 10 s deadline (body included) and is retried, recorded as "timeout after 10 s". Before, the JDK client's
 * timeout stopped counting at the headers and every page waited behind the drip, inside one transaction.
 */
class DrippingWebhookIT {

    static final Version DRIPPING = new Version("hubspot", "drip-crm", "1.0.0");
    static final Version ON_TIME = new Version("stripe", "drip-billing", "1.0.0");
    static final BadReceiver RECEIVER = BadReceiver.start(Duration.ofSeconds(1), Duration.ofSeconds(60), 1024);

    @RegisterExtension
    static final Running<PagingStack> STACK = Running.of(() -> new PagingStack("DrippingWebhookIT", 1,
            // this receiver is allowed by its exact host:port, as the launcher allows the fake PagerDuty's
            Map.of("PACKOPS_OUTBOUND_ALLOW", "localhost:" + RECEIVER.port()),
            List.of(), "ownership-dripping.yaml", Map.of("CRM_WEBHOOK", RECEIVER.url() + "/drip/crm-packs")),
            PagingStack::start);

    @AfterAll
    static void stopReceiver() {
        RECEIVER.close();
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void anotherTeamsPageIsDeliveredOnTimeWhileAWebhookDrips() {
        PagingStack stack = STACK.get();
        stack.failInstalls(List.of(DRIPPING), 6);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                .until(() -> !RECEIVER.requests("/drip").isEmpty());
        Instant dripFrom = RECEIVER.requests("/drip").get(0).at();

        stack.failInstalls(List.of(ON_TIME), 6);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() ->
                stack.pagerDuty.pages().stream().anyMatch(p -> p.trigger() && p.dedupKey().equals(ON_TIME.dedupKey())));
        Page page = stack.pagerDuty.pages().stream().filter(p -> p.trigger() && p.dedupKey().equals(ON_TIME.dedupKey()))
                .findFirst().orElseThrow();
        JsonNode billing = stack.alerts("rule=" + Alerting.RULE + "&pack=" + ON_TIME.pack()).get(0);
        Instant firedAt = Instant.parse(billing.path("firedAt").asText());
        long deliveryMs = Duration.between(firedAt, page.at()).toMillis();

        JsonNode crm = stack.alerts("rule=" + Alerting.RULE + "&pack=" + DRIPPING.pack()).get(0);
        long crmId = crm.path("id").asLong();
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(250)).until(() ->
                webhookDelivery(stack, crmId).map(d -> d.path("attempts").asInt() >= 1).orElse(false));
        JsonNode crmDelivery = webhookDelivery(stack, crmId).orElseThrow();
        long crmAttemptMs = Duration.between(dripFrom, Instant.parse(crmDelivery.path("lastAttemptAt").asText())).toMillis();

        System.out.printf("DrippingWebhookIT: billing-packs' PagerDuty page delivered %d ms after its alert fired"
                        + " (fired %s, delivered %s) while crm-packs' webhook dripped since %s; crm-packs' attempt ended"
                        + " %d ms after the drip began: %s, state %s, next attempt %s%n", deliveryMs, firedAt, page.at(),
                dripFrom, crmAttemptMs, crmDelivery.path("lastError").asText(), crmDelivery.path("state").asText(),
                crmDelivery.path("nextAttemptAt").asText());

        assertThat(page.routingKey()).isEqualTo(io.packops.systemtests.harness.SystemStack.BILLING_KEY);
        assertThat(page.at()).as("delivered while the other page hung").isBefore(dripFrom.plusSeconds(10));
        assertThat(deliveryMs).as("billing-packs' page is on time (dispatcher every 1 s)").isLessThan(5_000L);
        assertThat(crmDelivery.path("lastError").asText()).isEqualTo("timeout after 10 s");
        assertThat(crmDelivery.path("state").asText()).as("retried").isEqualTo("pending");
        assertThat(crmAttemptMs).as("bounded by the deadline, body included").isBetween(9_000L, 14_000L);
    }

    static Optional<JsonNode> webhookDelivery(PagingStack stack, long alertId) {
        for (JsonNode d : stack.alert(alertId).path("deliveries")) {
            if (d.path("channel").asText().equals("webhook")) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }
}
