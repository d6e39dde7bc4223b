package io.packops.alerting.paging;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;

/** The paging outbox table: claims for the dispatcher, delivery history for the alert timeline. */
@ApplicationScoped
public class OutboxRepository implements PanacheRepository<OutboxEntry> {

    /**
     * Locks up to {@code limit} due rows that no other transaction holds ({@code skip locked}: two replicas
     * never send one row at the same time). A row waits while an earlier row of the same dedup key to the same
     * destination is still pending, so a resolve never overtakes its trigger.
     */
    @SuppressWarnings("unchecked")
    public List<OutboxEntry> claimDue(Instant now, int limit) {
        return getEntityManager().createNativeQuery("""
                        select o.* from page_outbox o
                        where o.state = 'pending' and o.next_attempt_at <= :now
                          and not exists (select 1 from page_outbox e
                                          where e.state = 'pending' and e.dedup_key = o.dedup_key
                                            and e.channel = o.channel and e.url = o.url and e.id < o.id)
                        order by o.id
                        limit :limit
                        for update of o skip locked""", OutboxEntry.class)
                .setParameter("now", now)
                .setParameter("limit", limit)
                .getResultList();
    }

    /** Earlier trigger rows of an alert: acknowledge and resolve go where its triggers went. */
    public List<OutboxEntry> triggersOf(long alertId, String dedupKey) {
        return list("alertId = ?1 and dedupKey = ?2 and action = 'trigger'", Sort.by("id"), alertId, dedupKey);
    }

    public List<OutboxEntry> ofAlert(long alertId) {
        return list("alertId", Sort.by("id"), alertId);
    }

    public long backlog() {
        return count("state", OutboxEntry.PENDING);
    }
}
