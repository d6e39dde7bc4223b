package io.packops.ingest.stats;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.List;

/**
 * {@code GET /v1/stats/freshness}: the newest event overall and per connector, both by when it happened
 * ({@code occurredAt}, what the producer says) and by when ingest received it ({@code receivedAt},
 * what a dead man's switch should watch: a producer replaying old events is not silent).
 */
@RegisterForReflection
@JsonPropertyOrder({"asOf", "newestEventAt", "newestReceivedAt", "connectors"})
public record Freshness(Instant asOf, Instant newestEventAt, Instant newestReceivedAt, List<Connector> connectors) {

    @RegisterForReflection
    @JsonPropertyOrder({"connector", "newestEventAt", "newestReceivedAt", "events24h"})
    public record Connector(String connector, Instant newestEventAt, Instant newestReceivedAt, long events24h) {
    }
}
