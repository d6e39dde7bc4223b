package io.packops.alerting.paging;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Claims are leases (issue 16, item 2): the claim commits before anything is sent, a sender that dies mid-send leaves
 * rows that another sender takes once the lease has passed — sent again then, and only then — and a late sender whose
 * lease ran out cannot overwrite the outcome another recorded. Routing keys and URLs are sealed in the table (item 9).
 */
@QuarkusTest
@WithTestResource(PagingWireMockResource.class)
class OutboxLeaseTest extends PagingTestBase {

    @Inject
    EntityManager em;

    int posts() {
        return wireMock.findAll(postRequestedFor(urlPathMatching("/(v2|slack|hooks)/.*"))).size();
    }

    @Test
    void aCrashedSendersRowsAreSentAgainOnlyAfterItsLease() {
        page(request(70, DEDUP, "trigger", "billing-packs"));
        // a sender claims the three rows and dies before sending (its claim committed, nothing recorded)
        List<OutboxDispatcher.Lane> crashed = QuarkusTransaction.requiringNew().call(() -> dispatcher.claim(clock.instant(), 16));
        assertThat(crashed).flatExtracting(OutboxDispatcher.Lane::rows).hasSize(3);

        assertThat(dispatcher.dispatch()).as("leased rows are nobody else's").isZero();
        clock.advance(Duration.ofSeconds(30));
        assertThat(dispatcher.dispatch()).as("the lease (10 s + 5 s per row, + 30 s) still runs").isZero();
        assertThat(posts()).isZero();

        clock.advance(Duration.ofSeconds(20));
        assertThat(dispatcher.dispatch()).isEqualTo(3);
        assertThat(posts()).isEqualTo(3);
        assertThat(pager.deliveries(70)).allSatisfy(d -> {
            assertThat(d.state()).isEqualTo("delivered");
            assertThat(d.attempts()).isEqualTo(1);
        });

        // the crashed sender wakes up late: its outcome is not recorded over the new one
        OutboxDispatcher.Lane late = crashed.get(0);
        long id = late.rows().get(0).id;
        assertThat(QuarkusTransaction.requiringNew().call(() -> dispatcher.record(id, late.claimToken(),
                new OutboxDispatcher.Attempt(500, "HTTP 500", null, false)))).isEmpty();
        assertThat(pager.deliveries(70)).allSatisfy(d -> assertThat(d.state()).isEqualTo("delivered"));
        assertThat(dispatcher.dispatch()).isZero();
        assertThat(posts()).as("no double delivery").isEqualTo(3);
    }

    @Test
    void aClaimIsCommittedBeforeAnythingIsSent() {
        page(request(71, DEDUP, "trigger", "billing-packs"));
        List<OutboxDispatcher.Lane> lanes = QuarkusTransaction.requiringNew().call(() -> dispatcher.claim(clock.instant(), 16));
        String token = lanes.get(0).claimToken();
        // another transaction sees the lease at once: the claim holds no row lock while sending
        List<?> seen = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "select id from page_outbox where claim_token = ?1 and claimed_until > ?2 for update nowait")
                .setParameter(1, token).setParameter(2, T0).getResultList());
        assertThat(seen).hasSize(lanes.get(0).rows().size());
    }

    @Test
    void routingKeysAndWebhookUrlsAreSealedInTheTable() {
        page(request(72, DEDUP, "trigger", "billing-packs"));
        @SuppressWarnings("unchecked")
        List<Object[]> rows = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "select url, coalesce(route_key, ''), payload, destination, target from page_outbox where alert_id = 72")
                .getResultList());
        assertThat(rows).hasSize(3);
        for (Object[] r : rows) {
            String all = r[0] + " " + r[1] + " " + r[2];
            assertThat(all).doesNotContain(TEAM_ROUTING_KEY).doesNotContain("/slack/billing").doesNotContain("/hooks/billing");
            assertThat((String) r[0]).startsWith("v1:");
            assertThat((String) r[3]).isEqualTo("localhost:" + wireMock.port());
            assertThat((String) r[4]).doesNotContain(TEAM_ROUTING_KEY);
        }
        dispatcher.dispatch();
        assertThat(bodies("/v2/enqueue")).singleElement()
                .satisfies(b -> assertThat(b.path("routing_key").asText()).isEqualTo(TEAM_ROUTING_KEY));
        assertThat(bodies("/slack/billing")).hasSize(1);
        assertThat(bodies("/hooks/billing")).hasSize(1);

        // an acknowledge goes where the trigger went: read back from the sealed row
        page(request(72, DEDUP, "acknowledge", "billing-packs"));
        dispatcher.dispatch();
        assertThat(bodies("/v2/enqueue")).extracting(b -> b.path("event_action").asText() + " " + b.path("routing_key").asText())
                .containsExactly("trigger " + TEAM_ROUTING_KEY, "acknowledge " + TEAM_ROUTING_KEY);
    }

    @Test
    void rowsWrittenBeforeSealingAreSealedAndStillSent() {
        String url = wireMock.baseUrl() + "/v2/enqueue";
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                insert into page_outbox (alert_id, dedup_key, channel, action, level, target_kind, team, url, route_key,
                                         payload, event_at, state, attempts, created_at, next_attempt_at)
                values (73, ?1, 'pagerduty', 'trigger', 1, 'team', 'billing-packs', ?2, ?3, ?4, ?5, 'pending', 0, ?5, ?5)""")
                .setParameter(1, DEDUP).setParameter(2, url).setParameter(3, TEAM_ROUTING_KEY)
                .setParameter(4, "{\"routing_key\":\"" + TEAM_ROUTING_KEY + "\",\"event_action\":\"trigger\",\"dedup_key\":\"" + DEDUP + "\"}")
                .setParameter(5, T0).executeUpdate());

        assertThat(QuarkusTransaction.requiringNew().call(() -> outbox.sealLegacyRows(500))).isEqualTo(1);

        Object[] row = (Object[]) QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "select url, route_key, payload, target from page_outbox where alert_id = 73").getSingleResult());
        assertThat(row[0] + " " + row[1] + " " + row[2]).doesNotContain(TEAM_ROUTING_KEY).doesNotContain(url);
        assertThat((String) row[3]).isEqualTo("routing key …0000");
        dispatcher.dispatch();
        assertThat(bodies("/v2/enqueue")).singleElement().satisfies(b -> {
            assertThat(b.path("routing_key").asText()).isEqualTo(TEAM_ROUTING_KEY);
            assertThat(b.path("dedup_key").asText()).isEqualTo(DEDUP);
        });
    }
}
