package io.packops.ownership.model;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/**
 * An on-call schedule in its own time zone (IANA id). Layers are ordered: a later layer beats an earlier
 * one where it has someone on call; overrides beat every layer.
 */
@RegisterForReflection
public record Schedule(String id, String name, String team, String timezone, List<Layer> layers,
                       List<ScheduleOverride> overrides) {

    public Schedule {
        layers = List.copyOf(layers);
        overrides = List.copyOf(overrides);
    }
}
