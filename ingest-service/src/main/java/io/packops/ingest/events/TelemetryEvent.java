package io.packops.ingest.events;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One install or render event as a producer sends it (DESIGN "Telemetry events"). Values are kept
 * as sent; {@code EventValidator} checks and normalises them. Unknown fields are ignored so newer
 * producers can send more.
 */
@RegisterForReflection
@Schema(description = "An install or render event")
public record TelemetryEvent(
        @Schema(required = true, description = "Idempotency key, 1-200 visible characters") String eventId,
        @Schema(required = true, enumeration = {"install", "render"}) String type,
        @Schema(required = true, description = "RFC 3339 with offset", example = "2026-11-25T10:00:03Z") String occurredAt,
        @Schema(required = true) String accountId,
        @Schema(required = true, description = "slug") String connector,
        @Schema(required = true, description = "slug") String pack,
        @Schema(required = true, description = "semver") String packVersion,
        @Schema(description = "slug; required for install events") String warehouse,
        @Schema(required = true, enumeration = {"succeeded", "failed"}) String outcome,
        @Schema(description = "install events only", enumeration = {"resolve", "compile", "run"}) String stage,
        @Schema(description = "slug; required for render events") String dashboard,
        @Schema(description = "slug; required for render events") String tile,
        @Schema(description = "required when outcome is failed", example = "SQL_COMPILATION") String errorCode,
        @Schema(description = "scrubbed of secrets before storage; cut to 4,000 characters") String errorMessage,
        @Schema(description = "0 to 86,400,000") Long durationMs) {
}
