package io.packops.ownership.document.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.LocalDateTime;
import java.util.List;

/**
 * One rotation layer of a schedule ({@code OnCallResolver} implements these semantics, as PagerDuty does).
 * <ul>
 *   <li>{@code start} and the optional {@code end} (exclusive) are wall-clock times in the schedule's zone; before
 *       {@code start} and from {@code end} on the layer has nobody.</li>
 *   <li>Shift k goes to {@code participants[k mod n]}. {@code daily}/{@code weekly}: handoff k happens at
 *       {@code start + k days/weeks} of wall clock, so a shift across a DST change lasts 23 or 25 hours (167 or
 *       169 for a week; 23.5 in a half-hour DST zone). A handoff time that falls in a DST gap happens when the gap
 *       ends (shifted forward by the gap); one that falls in an overlap happens at its first occurrence (the
 *       earlier offset). {@code hours: N}: handoff every N elapsed hours from the start instant, so the
 *       wall-clock handoff time moves by the DST change.</li>
 *   <li>{@code restrictions}, when not empty, limit the layer to their windows: outside them the layer has nobody
 *       and earlier layers show through. Restrictions do not pause the rotation: it keeps advancing by the
 *       calendar, and a window that spans a handoff is split between the two shifts.</li>
 *   <li>A later layer beats an earlier one wherever it has someone. Its source in resolved shifts is
 *       {@code layer:<name>}, or {@code layer:<1-based index>} when unnamed.</li>
 * </ul>
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Layer(String name,
                    @Schema(implementation = String.class, examples = "2026-11-02T09:00:00", required = true,
                            description = "wall-clock time in the schedule's zone, without offset") LocalDateTime start,
                    @Schema(implementation = String.class, examples = "2027-01-04T09:00:00",
                            description = "wall-clock time in the schedule's zone, without offset") LocalDateTime end,
                    Rotation rotation, List<String> participants, List<Restriction> restrictions) {

    public Layer {
        participants = participants == null ? List.of() : List.copyOf(participants);
        restrictions = restrictions == null ? List.of() : List.copyOf(restrictions);
    }
}
