package io.packops.ingest.accounts;

import io.packops.ingest.rollouts.RolloutViews.AccountRelease;
import io.packops.ingest.schemas.SchemaViews;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.List;

/** Response bodies of the account endpoints: what ingest knows about one customer account. */
public final class AccountViews {

    private AccountViews() {
    }

    /** A pack's latest install by one account, whatever its outcome. */
    @RegisterForReflection
    public record LatestInstall(String pack, String version, String outcome, String stage, String errorCode, Instant at) {
    }

    /** The account's current schema of a connector; {@code schemaUrl} serves its relations. */
    @RegisterForReflection
    public record SchemaRef(String fingerprint, Instant capturedAt, String schemaUrl) {

        public static SchemaRef of(String fingerprint, Instant capturedAt) {
            return new SchemaRef(fingerprint, capturedAt, SchemaViews.schemaUrl(fingerprint));
        }
    }

    /**
     * One (account, connector): {@code warehouse} is the current schema's, else the latest install's;
     * {@code schema} is null when no snapshot was received; {@code installs} holds each pack's latest install,
     * in pack order.
     */
    @RegisterForReflection
    public record AccountSummary(String accountId, String connector, String warehouse, SchemaRef schema,
                                 List<LatestInstall> installs) {
    }

    /** An install or render event as stored: {@code errorMessage} was scrubbed of secrets before storage. */
    @RegisterForReflection
    public record AccountEvent(String eventId, String type, String connector, String pack, String packVersion,
                               String warehouse, String outcome, String stage, String dashboard, String tile,
                               String errorCode, String errorMessage, Instant occurredAt) {
    }

    /**
     * GET /v1/accounts/{accountId}: the summary of each of its connectors, the version each published pack of
     * those connectors serves it now (as {@code GET /v1/packs/{pack}/release?account=&warehouse=} answers), and
     * its newest install and render events of the last 7 days (at most 20), newest first.
     */
    @RegisterForReflection
    public record AccountDetail(String accountId, List<AccountSummary> connectors, List<AccountRelease> releases,
                                List<AccountEvent> recentEvents) {
    }
}
