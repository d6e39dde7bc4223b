package io.packops.ingest.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Response bodies of the schema snapshot and schema endpoints. */
public final class SchemaViews {

    private SchemaViews() {
    }

    /** POST /v1/schema-snapshots; {@code current} says whether it became the account's current schema. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SnapshotAccepted(UUID snapshotId, String fingerprint, String accountId, String connector,
                                   String warehouse, Instant capturedAt, Instant receivedAt, int relations,
                                   int columns, boolean current,
                                   DbtPackage dbtPackage) {
    }

    /**
     * One distinct current schema of a connector. {@code relations} is the stored JSON body
     * ({@code [{name, kind, source?, columns: [{name, type, family}]}]}), served as is; absent with
     * {@code includeRelations=false}. {@code accountIds} holds at most the first 100 ids in order;
     * {@code accountsByWarehouse} splits {@code accounts} by warehouse (the same schema can break on one warehouse's
     * SQL dialect only); {@code accountsByPackageVersion} splits them by the dbt package version their snapshots say
     * ({@code ""} unknown; absent when no account's is known).
     */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SchemaGroup(String fingerprint, long accounts, List<String> accountIds, boolean accountIdsTruncated,
                              List<String> warehouses, Map<String, Long> accountsByWarehouse,
                              Map<String, Long> accountsByPackageVersion, Instant newestCapturedAt,
                              int relationCount, int columnCount, @JsonRawValue String relations) {
    }

    /**
     * The connector's dbt package an account runs and its version, when the installer (envelope {@code dbtPackage})
     * or the catalog's metadata says it: support can say "this account is on dbt_stripe 0.14.0", and alerting counts
     * the accounts still on a release before the next one.
     */
    @RegisterForReflection
    public record DbtPackage(String name, String version) {
    }

    /** GET /v1/schemas: one page of a connector's distinct current schemas, with fleet totals. */
    @RegisterForReflection
    public record SchemaPage(String connector, long totalAccounts, long totalFingerprints, List<SchemaGroup> items,
                             String nextCursor) {
    }

    /** GET /v1/schemas/{fingerprint}: one stored body and who has it as current schema now. */
    @RegisterForReflection
    public record SchemaBody(String fingerprint, Instant firstSeenAt, long accounts, List<String> connectors,
                             List<String> warehouses, int relationCount, int columnCount,
                             @JsonRawValue String relations) {
    }

    /**
     * One connector's current schema of an account. {@code relations} is the stored body (absent with
     * {@code includeRelations=false}), {@code schemaUrl} where {@code GET /v1/schemas/{fingerprint}} serves it, and
     * {@code history} the fingerprints the account had for this connector, most recently captured first.
     */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AccountSchema(String connector, String warehouse, String fingerprint, UUID snapshotId,
                                Instant capturedAt, Instant receivedAt, int relationCount, int columnCount,
                                String schemaUrl, List<SchemaHistory> history, boolean historyTruncated,
                                DbtPackage dbtPackage,
                                @JsonRawValue String relations) {
    }

    /**
     * A fingerprint an account had for a connector: the first and last {@code capturedAt} of its snapshots with
     * it, how many there were, and the warehouse of the last one.
     */
    @RegisterForReflection
    public record SchemaHistory(String fingerprint, String warehouse, Instant firstCapturedAt, Instant lastCapturedAt,
                                long snapshots, String schemaUrl) {
    }

    /** GET /v1/accounts/{accountId}/schemas. */
    @RegisterForReflection
    public record AccountSchemas(String accountId, List<AccountSchema> schemas) {
    }

    /** Where {@code GET /v1/schemas/{fingerprint}} serves a stored schema body. */
    public static String schemaUrl(String fingerprint) {
        return fingerprint == null ? null : "/v1/schemas/" + fingerprint;
    }
}
