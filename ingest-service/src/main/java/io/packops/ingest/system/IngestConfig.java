package io.packops.ingest.system;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "packops.ingest")
public interface IngestConfig {

    /** Largest batch accepted by POST /v1/events. */
    @WithDefault("1000")
    int maxBatchEvents();

    /** How far in the future an event's occurredAt may be (clock skew of producers). */
    @WithDefault("5M")
    Duration maxFutureSkew();

    /** Events older than this are dropped with their partitions, and refused on ingest. */
    @WithDefault("30D")
    Duration retention();

    /**
     * Largest request body of POST /v1/events, answered with a 413 problem whether the client declares
     * its length or streams it chunked. {@code quarkus.http.limits.max-body-size} stays above it as a
     * hard stop for every other path.
     */
    @WithDefault("10M")
    io.quarkus.runtime.configuration.MemorySize maxBodySize();

    /** Daily partitions created ahead of today. */
    @WithDefault("2")
    int partitionsAhead();
}
