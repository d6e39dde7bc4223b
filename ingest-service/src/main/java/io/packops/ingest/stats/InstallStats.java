package io.packops.ingest.stats;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/stats/installs}: attempts, outcomes and distinct accounts per group over a window.
 * {@code accountsExact} is false when the window was long enough to be read from the rollups, whose
 * distinct-account counts are HyperLogLog estimates (counts of events are always exact).
 */
@RegisterForReflection
@JsonPropertyOrder({"window", "from", "to", "type", "groupBy", "groups", "total", "accountsExact", "nextCursor"})
public record InstallStats(String window, Instant from, Instant to, String type, List<String> groupBy,
                           List<Group> groups, Counts total, boolean accountsExact, String nextCursor) {

    /** One group: its grouping keys (only those asked for; a key may be null, e.g. no warehouse) and counts. */
    @RegisterForReflection
    @JsonPropertyOrder({"connector", "pack", "version", "warehouse", "dashboard", "tile",
            "attempts", "succeeded", "failed", "successRate", "accounts"})
    public record Group(@JsonIgnore Map<String, String> keys, long attempts, long succeeded, long failed,
                        Double successRate, long accounts) {

        @JsonAnyGetter
        public Map<String, String> keyFields() {
            return keys;
        }
    }

    @RegisterForReflection
    public record Counts(long attempts, long succeeded, long failed, Double successRate, long accounts) {
    }

    /** succeeded / attempts, or null when nothing was attempted. */
    public static Double successRate(long attempts, long succeeded) {
        return attempts == 0 ? null : (double) succeeded / attempts;
    }
}
