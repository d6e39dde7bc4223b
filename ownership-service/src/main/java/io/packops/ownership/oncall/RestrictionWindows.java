package io.packops.ownership.oncall;

import io.packops.ownership.document.model.Restriction;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The restriction windows of one layer in its schedule's zone ({@code {days: [mon..fri], from: "09:00", to: "18:00"}}),
 * merged into runs where they overlap or touch. Working them out is most of the cost of an on-call question that a
 * remembered shift does not answer, and they depend on the day only, so they are remembered per day.
 */
final class RestrictionWindows {

    private static final int RUNS_KEPT = 32;

    private final List<Restriction> restrictions;
    private final ZoneId zone;
    /** {@link #runs} by day, for layers with restrictions (null without); at most {@value #RUNS_KEPT} days are kept. */
    private final Map<LocalDate, Runs> runsByDay;

    RestrictionWindows(List<Restriction> restrictions, ZoneId zone) {
        this.restrictions = restrictions;
        this.zone = zone;
        this.runsByDay = restrictions.isEmpty() ? null : new ConcurrentHashMap<>();
    }

    /** Restriction windows around {@code c}: the merged run containing it, the one before, the one after. */
    Windows around(Instant c) {
        Runs r = runs(LocalDate.ofInstant(c, zone));
        Instant weekBefore = r.weekBefore();
        Instant weekAfter = r.weekAfter();
        List<CoverageGap> runs = r.runs();
        Windows out = new Windows();
        for (CoverageGap run : runs) {
            if (!run.end().isAfter(c)) {
                out.previousEnd = run.end();
            } else if (!run.start().isAfter(c)) {
                out.containing = new Span(run.start().isAfter(weekBefore) ? run.start() : null,
                        run.end().isBefore(weekAfter) ? run.end() : null);
            } else {
                out.nextStart = run.start();
                break;
            }
        }
        return out;
    }

    /**
     * The merged restriction windows of the days {@code d - 9} to {@code d + 9} (enough to find the run around
     * any instant of day {@code d} and the ones before and after it), remembered per day: they depend on the
     * day only, and working them out is most of the cost of a lookup that is not answered by a remembered shift.
     */
    private Runs runs(LocalDate d) {
        Runs known = runsByDay == null ? null : runsByDay.get(d);
        if (known != null) {
            return known;
        }
        List<CoverageGap> raw = new ArrayList<>();
        for (LocalDate day = d.minusDays(9); !day.isAfter(d.plusDays(9)); day = day.plusDays(1)) {
            DayOfWeek dow = day.getDayOfWeek();
            for (Restriction r : restrictions) {
                if (!r.days().contains(dow)) {
                    continue;
                }
                Instant ws = local(day.atTime(r.from()));
                Instant we = local((r.to().isAfter(r.from()) ? day : day.plusDays(1)).atTime(r.to()));
                if (we.isAfter(ws)) {
                    raw.add(new CoverageGap(ws, we));
                }
            }
        }
        raw.sort((a, b) -> a.start().compareTo(b.start()));
        List<CoverageGap> runs = new ArrayList<>();
        for (CoverageGap w : raw) {
            CoverageGap last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
            if (last != null && !w.start().isAfter(last.end())) {
                if (w.end().isAfter(last.end())) {
                    runs.set(runs.size() - 1, new CoverageGap(last.start(), w.end()));
                }
            } else {
                runs.add(w);
            }
        }
        // A run covering a whole week of wall clock covers every week: the windows repeat weekly.
        Runs computed = new Runs(List.copyOf(runs), local(d.minusDays(7).atStartOfDay()), local(d.plusDays(8).atStartOfDay()));
        if (runsByDay != null) {
            if (runsByDay.size() >= RUNS_KEPT) {
                runsByDay.clear();
            }
            runsByDay.put(d, computed);
        }
        return computed;
    }

    private Instant local(LocalDateTime ldt) {
        return ZonedDateTime.ofLocal(ldt, zone, null).toInstant();
    }

    /** The merged restriction windows around a day, and the instants a week before and after it. */
    private record Runs(List<CoverageGap> runs, Instant weekBefore, Instant weekAfter) {
    }

    /** An interval whose ends may be unbounded (null). */
    record Span(Instant start, Instant end) {
    }

    /** The merged run containing an instant (null when none does), the end of the one before, the start of the next. */
    static final class Windows {
        Span containing;
        Instant previousEnd;
        Instant nextStart;
    }
}
