package io.packops.alerting.paging;

import io.packops.servicekit.retention.Retention;
import io.packops.servicekit.retention.RetentionJob;
import jakarta.inject.Singleton;

/**
 * Retention of the paging outbox: delivered and failed rows finished more than {@code packops.paging.retention}
 * (30 days) ago are deleted, except those of alerts still active (their acknowledge and resolve go where their triggers
 * went). Pending rows stay. Scheduled with every other retention job by service-kit's {@link Retention} (once per
 * {@code packops.retention.prune-every} across replicas, in batches).
 */
@Singleton
public class OutboxRetention extends RetentionJob {

    /** The job's name in {@code sweep_claims} and its advisory lock. */
    static final String JOB = "outbox-retention";

    private static final String PRUNE = """
            delete from page_outbox where id in (
              select o.id from page_outbox o
              where o.state <> 'pending' and coalesce(o.delivered_at, o.failed_at, o.created_at) < ?
                and not exists (select 1 from alerts a where a.id = o.alert_id and a.state <> 'resolved')
              limit ?)""";

    OutboxRetention(Retention retention, PagingConfig config) {
        super(retention, JOB, "delivered or failed pages", config.retention(), PRUNE, 1);
    }
}
