package io.packops.ingest.events;

import java.time.Instant;

/**
 * A validated event as it is stored: times in UTC, the error message scrubbed and cut to size, and
 * for failures the fingerprint and template of its group.
 */
public record AcceptedEvent(
        String eventId,
        String type,
        Instant occurredAt,
        String accountId,
        String connector,
        String pack,
        String packVersion,
        String warehouse,
        String outcome,
        String stage,
        String dashboard,
        String tile,
        String errorCode,
        String errorMessage,
        String failureFingerprint,
        String failureTemplate,
        Integer durationMs) {
}
