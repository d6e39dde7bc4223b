package io.packops.ingest.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/**
 * The answer to {@code POST /v1/events}: how many events were stored, how many were already known
 * (by eventId), and which ones were refused and why. Every index refers to the event's position in
 * the body (array element, or non-blank NDJSON line), counted from 0.
 */
@RegisterForReflection
public record IngestResponse(int accepted, int duplicates, List<Rejected> rejected) {

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Rejected(int index, String eventId, List<String> errors) {
    }
}
