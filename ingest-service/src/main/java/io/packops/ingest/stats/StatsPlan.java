package io.packops.ingest.stats;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where each part of a window is read from: raw events for the partial hours at both ends and for
 * hours whose rollup is out of date (they still have change rows), daily rollups for whole days that
 * have been rolled up and have no dirty hour, hourly rollups for the rest. Reading this way, counts
 * are exact whatever the refresh job has or has not done yet.
 *
 * <p>The coarse plan ({@link #coarse}) also reads 6-hour blocks (merged from their hourly rows whenever
 * one of them is rebuilt, so a block without dirty hours is exact) and weeks (Monday to Sunday, merged
 * from their daily rows whenever one of them is rebuilt, used only when all seven days are rolled up
 * and clean), so a long window reads a few dozen buckets instead of hundreds.
 *
 * @param raw    half-open {@code [from, to)} ranges of raw events, merged where adjacent
 * @param hours  hourly buckets to read from the rollup
 * @param days   daily buckets to read from the rollup
 * @param blocks 6-hour buckets to read from the rollup
 * @param weeks  weekly buckets to read from the rollup
 */
public record StatsPlan(List<Range> raw, List<Instant> hours, List<Instant> days, List<Instant> blocks,
                        List<Instant> weeks) {

    public StatsPlan(List<Range> raw, List<Instant> hours, List<Instant> days) {
        this(raw, hours, days, List.of(), List.of());
    }

    public record Range(Instant from, Instant to) {
    }

    private static final Duration HOUR = Duration.ofHours(1);
    private static final Duration DAY = Duration.ofDays(1);
    /** Length of a block, the grain between hours and days. */
    public static final Duration BLOCK = Duration.ofHours(6);
    public static final Duration WEEK = Duration.ofDays(7);

    /** The 6-hour block an hour belongs to. */
    public static Instant blockOf(Instant t) {
        Instant day = t.truncatedTo(ChronoUnit.DAYS);
        long h = Duration.between(day, t).toHours();
        return day.plus(Duration.ofHours(h - h % BLOCK.toHours()));
    }

    /** The week (starting Monday 00:00 UTC) a time belongs to. */
    public static Instant weekOf(Instant t) {
        long day = Math.floorDiv(t.getEpochSecond(), 86400L);
        // 1970-01-01 was a Thursday: Monday-based day of week = (day + 3) mod 7
        return Instant.ofEpochSecond((day - Math.floorMod(day + 3, 7)) * 86400L);
    }

    /** True when nothing comes from the rollups, so distinct accounts can be counted exactly. */
    public boolean rawOnly() {
        return hours.isEmpty() && days.isEmpty() && blocks.isEmpty() && weeks.isEmpty();
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
        return plan(from, to, dirtyHours, rolledDays, false);
    }

    /**
     * Like {@link #of}, but also reading whole clean weeks whose seven days are rolled up, and whole
     * 6-hour blocks without dirty hours, instead of their days and hours.
     */
    public static StatsPlan coarse(Instant from, Instant to, Set<Instant> dirtyHours, Set<Instant> rolledDays) {
        return plan(from, to, dirtyHours, rolledDays, true);
    }

    /** One walk for both plans: without {@code coarse}, no week or block is taken, only days and hours. */
    private static StatsPlan plan(Instant from, Instant to, Set<Instant> dirtyHours, Set<Instant> rolledDays,
                                  boolean coarse) {
        Instant firstHour = ceil(from, HOUR);
        Instant lastHour = to.truncatedTo(ChronoUnit.HOURS);
        if (!firstHour.isBefore(lastHour)) {
            return raw(from, to);
        }
        List<Range> raw = new ArrayList<>();
        List<Instant> hours = new ArrayList<>();
        List<Instant> days = new ArrayList<>();
        List<Instant> blocks = new ArrayList<>();
        List<Instant> weeks = new ArrayList<>();
        if (from.isBefore(firstHour)) {
            raw.add(new Range(from, firstHour));
        }
        Instant p = firstHour;
        while (p.isBefore(lastHour)) {
            if (coarse && fits(p, WEEK, lastHour) && weekOf(p).equals(p) && clean(p, WEEK, dirtyHours) && allRolled(p, rolledDays)) {
                weeks.add(p);
                p = p.plus(WEEK);
            } else if (fits(p, DAY, lastHour) && p.truncatedTo(ChronoUnit.DAYS).equals(p) && rolledDays.contains(p)
                    && clean(p, DAY, dirtyHours)) {
                days.add(p);
                p = p.plus(DAY);
            } else if (coarse && fits(p, BLOCK, lastHour) && blockOf(p).equals(p) && clean(p, BLOCK, dirtyHours)) {
                blocks.add(p);
                p = p.plus(BLOCK);
            } else {
                if (dirtyHours.contains(p)) {
                    add(raw, new Range(p, p.plus(HOUR)));
                } else {
                    hours.add(p);
                }
                p = p.plus(HOUR);
            }
        }
        if (lastHour.isBefore(to)) {
            add(raw, new Range(lastHour, to));
        }
        return new StatsPlan(List.copyOf(raw), List.copyOf(hours), List.copyOf(days), List.copyOf(blocks),
                List.copyOf(weeks));
    }

    private static boolean fits(Instant p, Duration span, Instant end) {
        return !p.plus(span).isAfter(end);
    }

    private static boolean clean(Instant from, Duration span, Set<Instant> dirtyHours) {
        Instant to = from.plus(span);
        for (Instant h : dirtyHours) {
            if (!h.isBefore(from) && h.isBefore(to)) {
                return false;
            }
        }
        return true;
    }

    private static boolean allRolled(Instant week, Set<Instant> rolledDays) {
        for (int d = 0; d < 7; d++) {
            if (!rolledDays.contains(week.plus(Duration.ofDays(d)))) {
                return false;
            }
        }
        return true;
    }

    /** The given hours as half-open ranges, adjacent ones merged, in time order. */
    public static List<Range> hourRanges(Set<Instant> hours) {
        List<Range> ranges = new ArrayList<>();
        new TreeSet<>(hours).forEach(h -> add(ranges, new Range(h, h.plus(HOUR))));
        return ranges;
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
