package io.packops.ownership.document.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A window in which a layer is active, in the schedule's zone: on each of {@code days}, from {@code from}
 * to {@code to} (e.g. weekdays 09:00–18:00). {@code to} before or equal to {@code from} means the window
 * runs past midnight into the next day (22:00–06:00; equal times make a 24-hour window); a window belongs to
 * the day it starts on, so {@code { days: [fri], from: "22:00", to: "06:00" }} covers Friday night into
 * Saturday morning, not Saturday night. Window ends are wall-clock times resolved like layer handoffs (a time
 * in a DST gap moves forward by the gap, one in an overlap takes the earlier offset), so an overnight window
 * across a DST change is an hour shorter or longer. Overlapping or touching windows form one stretch.
 * Restrictions do not pause the layer's rotation. In the document:
 * {@code { days: [mon, tue, wed, thu, fri], from: "09:00", to: "18:00" }}; {@code days} defaults to every day.
 */
@RegisterForReflection
public record Restriction(
        @Schema(type = SchemaType.ARRAY, implementation = String.class, examples = "[\"mon\", \"fri\"]",
                description = "mon, tue, wed, thu, fri, sat, sun (full names and any case too); absent: every day")
        Set<DayOfWeek> days,
        @Schema(implementation = String.class, pattern = "^([01][0-9]|2[0-3]):[0-5][0-9]$", examples = "09:00", required = true)
        LocalTime from,
        @Schema(implementation = String.class, pattern = "^([01][0-9]|2[0-3]):[0-5][0-9]$", examples = "18:00", required = true,
                description = "before from: the window runs past midnight")
        LocalTime to) {

    public Restriction {
        days = days == null || days.isEmpty() ? EnumSet.allOf(DayOfWeek.class) : EnumSet.copyOf(days);
    }

    /** Reads the document form; shape errors are the validator's job, this only maps valid input. */
    @JsonCreator
    public static Restriction fromJson(@JsonProperty("days") List<String> days, @JsonProperty("from") String from,
                                       @JsonProperty("to") String to) {
        Set<DayOfWeek> set = EnumSet.noneOf(DayOfWeek.class);
        for (String d : days == null ? List.<String>of() : days) {
            set.add(day(d));
        }
        return new Restriction(set, LocalTime.parse(from), LocalTime.parse(to));
    }

    /** {@code mon}..{@code sun} or full English names, any case. */
    public static DayOfWeek day(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(DayOfWeek.values())
                .filter(d -> d.name().toLowerCase(Locale.ROOT).equals(n) || d.name().substring(0, 3).toLowerCase(Locale.ROOT).equals(n))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("not a day of the week: " + name));
    }

    /** The document form, with days as {@code mon}..{@code sun} and times as {@code HH:mm}. */
    @JsonValue
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("days", days.stream().sorted().map(d -> d.name().substring(0, 3).toLowerCase(Locale.ROOT)).toList());
        m.put("from", from.toString());
        m.put("to", to.toString());
        return m;
    }
}
