package io.packops.ingest.service;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Where each part of a window is read from: raw events for the partial hours at both ends and for
 * hours whose rollup is out of date (they still have change rows), daily rollups for whole days that
 * have been rolled up and have no dirty hour, hourly rollups for the rest. Reading this way, counts
 * are exact whatever the refresh job has or has not done yet.
 *
 * @param raw   half-open {@code [from, to)} ranges of raw events, merged where adjacent
 * @param hours hourly buckets to read from the rollup
 * @param days  daily buckets to read from the rollup
 */
public record StatsPlan(List<Range> raw, List<Instant> hours, List<Instant> days) {

    public record Range(Instant from, Instant to) {
    }

    private static final Duration HOUR = Duration.ofHours(1);
    private static final Duration DAY = Duration.ofDays(1);

    /** True when nothing comes from the rollups, so distinct accounts can be counted exactly. */
    public boolean rawOnly() {
        return hours.isEmpty() && days.isEmpty();
    }

    /** A plan that reads everything from raw events. */
    public static StatsPlan raw(Instant from, Instant to) {
        return new StatsPlan(from.isBefore(to) ? List.of(new Range(from, to)) : List.of(), List.of(), List.of());
    }

    /**
     * @param dirtyHours  hours (UTC, truncated) with pending change rows
     * @param rolledDays  days (UTC midnight) whose daily rollup is complete
     */
    public static StatsPlan of(Instant from, Instant to, Set<Instant> dirtyHours, Set<Instant> rolledDays) {
        Instant firstHour = ceil(from, HOUR);
        Instant lastHour = to.truncatedTo(ChronoUnit.HOURS);
        if (!firstHour.isBefore(lastHour)) {
            return raw(from, to);
        }
        List<Range> raw = new ArrayList<>();
        List<Instant> hours = new ArrayList<>();
        List<Instant> days = new ArrayList<>();
        if (from.isBefore(firstHour)) {
            raw.add(new Range(from, firstHour));
        }
        for (Instant d = firstHour.truncatedTo(ChronoUnit.DAYS); d.isBefore(lastHour); d = d.plus(DAY)) {
            Instant day = d;
            Instant dayEnd = day.plus(DAY);
            boolean whole = !day.isBefore(firstHour) && !dayEnd.isAfter(lastHour);
            if (whole && rolledDays.contains(day) && dirtyHours.stream().noneMatch(h -> !h.isBefore(day) && h.isBefore(dayEnd))) {
                days.add(day);
                continue;
            }
            Instant start = day.isBefore(firstHour) ? firstHour : day;
            Instant end = dayEnd.isAfter(lastHour) ? lastHour : dayEnd;
            for (Instant h = start; h.isBefore(end); h = h.plus(HOUR)) {
                if (dirtyHours.contains(h)) {
                    add(raw, new Range(h, h.plus(HOUR)));
                } else {
                    hours.add(h);
                }
            }
        }
        if (lastHour.isBefore(to)) {
            add(raw, new Range(lastHour, to));
        }
        return new StatsPlan(List.copyOf(raw), List.copyOf(hours), List.copyOf(days));
    }

    private static void add(List<Range> ranges, Range r) {
        if (!ranges.isEmpty() && ranges.get(ranges.size() - 1).to().equals(r.from())) {
            ranges.set(ranges.size() - 1, new Range(ranges.get(ranges.size() - 1).from(), r.to()));
        } else {
            ranges.add(r);
        }
    }

    static Instant ceil(Instant t, Duration unit) {
        Instant floor = t.truncatedTo(unit.equals(DAY) ? ChronoUnit.DAYS : ChronoUnit.HOURS);
        return floor.equals(t) ? t : floor.plus(unit);
    }
}
