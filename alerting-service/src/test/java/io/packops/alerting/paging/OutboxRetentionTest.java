package io.packops.alerting.paging;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Outbox retention (issue 16, item 9): delivered and failed rows finished more than {@code packops.paging.retention}
 * (30 days) ago are deleted; pending rows, newer rows and the rows of alerts still active are kept.
 */
@QuarkusTest
@WithTestResource(PagingWireMockResource.class)
class OutboxRetentionTest extends PagingTestBase {

    @Inject
    OutboxRetention retention;

    @Inject
    EntityManager em;

    void row(long alertId, String state, Instant finished) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                insert into page_outbox (alert_id, dedup_key, channel, action, level, target_kind, url, payload, event_at,
                                         state, attempts, created_at, next_attempt_at, delivered_at, failed_at)
                values (?1, 'k', 'webhook', 'trigger', 1, 'team', 'v1:x', '{}', ?3, ?2, 1, ?3, ?3, ?4, ?5)""")
                .setParameter(1, alertId).setParameter(2, state).setParameter(3, finished.minus(Duration.ofMinutes(1)))
                .setParameter(4, state.equals("delivered") ? finished : null)
                .setParameter(5, state.equals("failed") ? finished : null)
                .executeUpdate());
    }

    void alert(long id, String state) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                insert into alerts (id, dedup_key, rule, labels, severity, summary, details, state, owner_known,
                                    fired_at, last_seen_at)
                values (?1, ?2, 'install-failure-rate', '{}', 'critical', 's', '{}', ?3, true, ?4, ?4)""")
                .setParameter(1, id).setParameter(2, "retention-" + id).setParameter(3, state)
                .setParameter(4, T0.minus(Duration.ofDays(60))).executeUpdate());
    }

    @SuppressWarnings("unchecked")
    List<Number> alertIdsLeft() {
        return QuarkusTransaction.requiringNew().call(() ->
                em.createNativeQuery("select alert_id from page_outbox order by alert_id").getResultList());
    }

    @Test
    void finishedRowsOlderThanTheRetentionAreDeleted() {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "delete from alerts where dedup_key like 'retention-%'").executeUpdate());
        alert(9001, "firing");
        alert(9002, "resolved");
        Instant old = T0.minus(Duration.ofDays(31));
        row(1, "delivered", old);                          // deleted
        row(2, "failed", old);                             // deleted
        row(3, "delivered", T0.minus(Duration.ofDays(29))); // kept: newer than 30 days
        row(4, "pending", T0.minus(Duration.ofDays(40)));  // kept: not finished
        row(9001, "delivered", old);                       // kept: its alert is still firing
        row(9002, "delivered", old);                       // deleted: its alert is resolved

        assertThat(retention.pruneAt(T0)).isEqualTo(3);

        assertThat(alertIdsLeft()).extracting(Number::longValue).containsExactly(3L, 4L, 9001L);
        assertThat(retention.pruneAt(T0)).as("nothing more").isZero();
        assertThat(retention.pruneAt(T0.plus(Duration.ofDays(2)))).as("row 3 is 31 days old two days later").isEqualTo(1);
    }
}
