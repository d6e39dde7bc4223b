package io.packops.ingest.stats;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.List;

/**
 * {@code GET /v1/stats/failures}: failed events grouped by failure fingerprint, most frequent first.
 * The sample message is the (already scrubbed) message of the group's most recent event; the sample accounts
 * are up to 10 distinct accounts among its newest failures (see {@code StatsRepository#sampleAccounts}).
 */
@RegisterForReflection
@JsonPropertyOrder({"window", "from", "to", "type", "groups", "total", "accountsExact", "nextCursor"})
public record FailureStats(String window, Instant from, Instant to, String type, List<Group> groups, Total total,
                           boolean accountsExact, String nextCursor) {

    @RegisterForReflection
    @JsonPropertyOrder({"fingerprint", "count", "accounts", "sampleAccounts", "stage", "errorCode", "firstSeen",
            "lastSeen", "sampleMessage", "connectors", "packs", "versions"})
    public record Group(String fingerprint, long count, long accounts, List<String> sampleAccounts, String stage,
                        String errorCode, Instant firstSeen, Instant lastSeen, String sampleMessage,
                        List<String> connectors, List<String> packs, List<Version> versions) {
    }

    /** A pack version the fingerprint was seen with, and how often. */
    @RegisterForReflection
    public record Version(String pack, String version, long count) {
    }

    @RegisterForReflection
    public record Total(long count, long accounts, long fingerprints) {
    }
}
