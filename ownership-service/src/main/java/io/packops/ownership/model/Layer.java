package io.packops.ownership.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.LocalDateTime;
import java.util.List;

/**
 * One rotation layer. {@code start} (and the optional {@code end}) are wall-clock times in the schedule's
 * zone: the first participant's first shift begins at {@code start}; handoffs of {@code daily} and
 * {@code weekly} rotations happen at the same wall-clock time (so a shift across a DST change is an hour
 * shorter or longer), {@code hours: N} rotations hand off every N elapsed hours.
 * {@code restrictions}, when not empty, limit the layer to those windows (outside them the layer has nobody).
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Layer(String name, LocalDateTime start, LocalDateTime end, Rotation rotation, List<String> participants,
                    List<Restriction> restrictions) {

    public Layer {
        participants = participants == null ? List.of() : List.copyOf(participants);
        restrictions = restrictions == null ? List.of() : List.copyOf(restrictions);
    }
}
