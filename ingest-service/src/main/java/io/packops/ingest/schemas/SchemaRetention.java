package io.packops.ingest.schemas;

import io.packops.servicekit.retention.Retention;
import io.packops.servicekit.retention.RetentionJob;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;

/**
 * Prunes schema snapshot history: a snapshot captured and received more than {@code packops.retention.schema-history}
 * (90 days) ago goes, unless it is an account's current schema ({@code current_schemas} points at it), which is kept
 * however old: an account that stopped sending snapshots still has the schema it last had. Only snapshots received
 * before the horizon are touched, so one being written now never is. Once per {@code packops.retention.prune-every}
 * across replicas (job {@value #JOB}), in batches (service-kit's {@link Retention} runs it).
 */
@Singleton
public class SchemaRetention extends RetentionJob {

    /** The job's name in {@code sweep_claims} and its advisory lock. */
    static final String JOB = "schema-retention";

    private static final String PRUNE = """
            delete from schema_snapshots where id in (
              select s.id from schema_snapshots s
              where s.received_at < ? and s.captured_at < ?
                and not exists (select 1 from current_schemas c where c.snapshot_id = s.id)
              limit ?)""";

    SchemaRetention(Retention retention,
                    @ConfigProperty(name = "packops.retention.schema-history", defaultValue = "90D") Duration keep) {
        super(retention, JOB, "superseded schema snapshots", keep, PRUNE, 2);
    }
}
