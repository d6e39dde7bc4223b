package io.packops.ownership.document.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/**
 * An on-call schedule in its own time zone (IANA id). Layers are ordered: a later layer beats an earlier
 * one where it has someone on call; overrides beat every layer.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Schedule(String id, String name, String team, String timezone, List<Layer> layers,
                       List<ScheduleOverride> overrides) {

    public Schedule {
        layers = layers == null ? List.of() : List.copyOf(layers);
        overrides = overrides == null ? List.of() : List.copyOf(overrides);
    }
}
