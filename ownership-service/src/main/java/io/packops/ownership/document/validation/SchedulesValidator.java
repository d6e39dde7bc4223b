package io.packops.ownership.document.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.packops.ownership.document.model.Restriction;

import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.packops.ownership.document.validation.Checks.at;
import static io.packops.ownership.document.validation.Checks.kind;
import static io.packops.ownership.document.validation.Checks.shown;

/**
 * {@code schedules}: team and IANA time zone, at least one layer (local start and end, rotation, participants who
 * exist, restrictions), and overrides (instants with an offset).
 */
final class SchedulesValidator implements SectionValidator {

    private static final List<String> SCHEDULE_FIELDS = List.of("id", "name", "team", "timezone", "layers", "overrides");
    private static final List<String> LAYER_FIELDS = List.of("name", "start", "end", "rotation", "participants", "restrictions");
    private static final List<String> ROTATION_FIELDS = List.of("hours");
    private static final List<String> RESTRICTION_FIELDS = List.of("days", "from", "to");
    private static final List<String> OVERRIDE_FIELDS = List.of("person", "start", "end");
    static final int MAX_ROTATION_HOURS = 8760;

    @Override
    public void validate(Checks c) {
        Map<String, String> seen = new HashMap<>();
        c.forEachObject(c.section("schedules"), "schedules", "a schedule", (schedule, path) -> {
            c.fields(schedule, path, SCHEDULE_FIELDS);
            c.id(schedule, path, seen);
            c.text(schedule, path, "name", false);
            c.reference(schedule, path, "team", true, c.teams, "team");
            c.zone(schedule, path, true);
            ArrayNode layers = c.list(schedule, path, "layers", true);
            if (layers != null && layers.isEmpty()) {
                c.error(at(path, "layers"), "must have at least one layer");
            }
            Map<String, String> layerNames = new HashMap<>();
            c.forEachObject(layers, at(path, "layers"), "a layer", (layer, layerPath) -> layer(c, layer, layerPath, layerNames));
            c.forEachObject(c.list(schedule, path, "overrides", false), at(path, "overrides"), "an override", (item, itemPath) -> override(c, item, itemPath));
        });
    }

    private void layer(Checks c, JsonNode layer, String path, Map<String, String> names) {
        c.fields(layer, path, LAYER_FIELDS);
        String name = c.text(layer, path, "name", false);
        if (name != null) {
            String other = names.putIfAbsent(name, path);
            if (other != null) {
                c.error(at(path, "name"), "duplicate layer name " + name + " (also " + other + ")");
            }
        }
        LocalDateTime start = c.localDateTime(layer, path, "start", true);
        LocalDateTime end = c.localDateTime(layer, path, "end", false);
        if (start != null && end != null && !end.isAfter(start)) {
            c.error(at(path, "end"), "must be after start (" + start + ")");
        }
        rotation(c, layer.get("rotation"), at(path, "rotation"));
        ArrayNode participants = c.list(layer, path, "participants", true);
        if (participants != null) {
            if (participants.isEmpty()) {
                c.error(at(path, "participants"), "must name at least one person");
            }
            for (int i = 0; i < participants.size(); i++) {
                c.referenceElement(participants.get(i), at(at(path, "participants"), i), c.people, "person");
            }
        }
        c.forEachObject(c.list(layer, path, "restrictions", false), at(path, "restrictions"), "a restriction", (item, itemPath) -> restriction(c, item, itemPath));
    }

    private void rotation(Checks c, JsonNode rotation, String path) {
        String expected = "must be daily, weekly or {hours: N}";
        if (rotation == null || rotation.isNull()) {
            c.error(path, "is required: daily, weekly or {hours: N}");
        } else if (rotation.isTextual()) {
            if (!rotation.textValue().equals("daily") && !rotation.textValue().equals("weekly")) {
                c.error(path, expected + " (got \"" + rotation.textValue() + "\")");
            }
        } else if (rotation.isObject()) {
            c.fields(rotation, path, ROTATION_FIELDS);
            c.integer(rotation, path, "hours", true, 1, MAX_ROTATION_HOURS,
                    "must be a whole number of hours from 1 to " + MAX_ROTATION_HOURS);
        } else {
            c.error(path, expected + ", not " + kind(rotation));
        }
    }

    private void restriction(Checks c, JsonNode restriction, String path) {
        c.fields(restriction, path, RESTRICTION_FIELDS);
        JsonNode days = restriction.get("days");
        if (days != null && !days.isNull()) {
            String daysPath = at(path, "days");
            if (!days.isArray()) {
                c.error(daysPath, "must be a list of days (mon, tue, wed, thu, fri, sat, sun), not " + kind(days));
            } else if (days.isEmpty()) {
                c.error(daysPath, "must name at least one day (leave days out for every day)");
            } else {
                Set<DayOfWeek> seen = EnumSet.noneOf(DayOfWeek.class);
                for (int i = 0; i < days.size(); i++) {
                    JsonNode day = days.get(i);
                    String dayPath = at(daysPath, i);
                    DayOfWeek parsed = null;
                    if (day.isTextual()) {
                        try {
                            parsed = Restriction.day(day.textValue());
                        } catch (IllegalArgumentException e) {
                            // reported below
                        }
                    }
                    if (parsed == null) {
                        c.error(dayPath, "must be a day: mon, tue, wed, thu, fri, sat or sun (got " + shown(day) + ")");
                    } else if (!seen.add(parsed)) {
                        c.error(dayPath, "duplicate day " + day.textValue());
                    }
                }
            }
        }
        String from = c.time(restriction, path, "from");
        String to = c.time(restriction, path, "to");
        if (from != null && to != null && from.equals(to)) {
            c.error(at(path, "to"), "must differ from from (" + from
                    + "); a window across midnight is written e.g. from 22:00 to 06:00");
        }
    }

    private void override(Checks c, JsonNode override, String path) {
        c.fields(override, path, OVERRIDE_FIELDS);
        c.reference(override, path, "person", true, c.people, "person");
        OffsetDateTime start = c.instant(override, path, "start");
        OffsetDateTime end = c.instant(override, path, "end");
        if (start != null && end != null && !end.toInstant().isAfter(start.toInstant())) {
            c.error(at(path, "end"), "must be after start (" + start.toInstant() + ")");
        }
    }
}
