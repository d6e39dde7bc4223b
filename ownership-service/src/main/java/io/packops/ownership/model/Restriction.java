package io.packops.ownership.model;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.Set;

/**
 * A window in which a layer is active, in the schedule's zone: on each of {@code days}, from {@code from}
 * to {@code to} (e.g. weekdays 09:00–18:00). {@code to} before or equal to {@code from} means the window
 * runs past midnight into the next day (22:00–06:00). In the document:
 * {@code { days: [mon, tue, wed, thu, fri], from: "09:00", to: "18:00" }}; {@code days} defaults to every day.
 */
@RegisterForReflection
public record Restriction(Set<DayOfWeek> days, LocalTime from, LocalTime to) {

    public Restriction {
        days = Set.copyOf(days);
    }
}
