package io.packops.ownership.oncall;

import io.packops.ownership.document.model.Layer;
import io.packops.ownership.document.model.Restriction;
import io.packops.ownership.document.model.Rotation;
import io.packops.ownership.document.model.Schedule;
import io.packops.ownership.document.model.ScheduleOverride;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resolves a schedule into who is on call when: layers rotate in the schedule's zone (DST-correct),
 * a later layer beats an earlier one where it has someone, overrides beat every layer (among overlapping
 * overrides the later-listed one wins). Pure: no clock, no database.
 * <p>
 * How it stays fast: each layer and the overrides are "tracks" that can answer, for any instant, who they
 * have on call and the maximal stretch around it during which that answer does not change. Rotation
 * indices are computed arithmetically (elapsed hours, or calendar days with a one- or two-step DST
 * correction), restriction windows are looked up in the week around the instant, overrides are resolved once
 * by a sweep, so {@link #onCall} costs O(layers × restrictions + overrides log overrides) whatever the age of
 * the layers, and {@link #shifts} adds O(layers × restrictions + log overrides) per resulting stretch.
 * {@code onCall} and {@code shifts} share this machinery, so they cannot disagree:
 * {@code shifts(from, to)} is exactly the {@code onCall} stretches clipped to {@code [from, to)}.
 * A layer remembers the merged restriction windows it worked out per day (a few dozen days), and a
 * {@link #prepare prepared} schedule (the lookup path, one per schedule of the current document) keeps its tracks
 * and the shifts it answered recently, so a lookup "now" usually resolves no rotation at all.
 */
@ApplicationScoped
public class OnCallResolver {

    /**
     * The resolved timeline clipped to {@code [from, to)}, in time order, contiguous stretches of the same
     * person from the same source merged. Gaps (nobody on call) are simply absent. Empty when
     * {@code from} is not before {@code to}.
     */
    public List<Shift> shifts(Schedule schedule, Instant from, Instant to) {
        List<Shift> out = new ArrayList<>();
        if (!from.isBefore(to)) {
            return out;
        }
        Timeline timeline = new Timeline(schedule);
        Instant t = from;
        while (t.isBefore(to)) {
            int w = timeline.winner(t);
            if (w < 0) {
                // nobody now: jump to the first instant any track has someone
                Instant next = timeline.nextChange(t, timeline.tracks.length - 1);
                if (next == null) {
                    break;
                }
                t = next;
                continue;
            }
            Instant end = timeline.nextChange(t, w);
            Instant clipped = end == null || end.isAfter(to) ? to : end;
            out.add(new Shift(timeline.tracks[w].valueAt(t), t, clipped, timeline.tracks[w].source()));
            if (end == null) {
                break;
            }
            t = end;
        }
        return out;
    }

    /**
     * The shift covering {@code at} (its full extent, not clipped to {@code at}), or empty when nobody is on
     * call. The extent is the maximal stretch of the same person from the same source, as in
     * {@link #shifts}; its {@code end} is null when the stretch has no scheduled end.
     * Cost does not depend on how long ago the layers started.
     */
    public Optional<Shift> onCall(Schedule schedule, Instant at) {
        return onCall(new Timeline(schedule), at);
    }

    /**
     * {@code schedule} ready for many {@link Prepared#onCall} questions (the lookup path): its tracks are built
     * once, and the shifts it answered recently are remembered. Cheap to keep per document (see {@code DocumentIndex}).
     */
    public static Prepared prepare(Schedule schedule) {
        return new Prepared(schedule);
    }

    /**
     * A schedule whose tracks are built once. {@link #onCall} answers exactly as {@link OnCallResolver#onCall}: a
     * shift is the maximal stretch {@code [start, end)} in which the winning track and its person do not change
     * and no track of higher precedence has anyone, so every instant it covers resolves to that same shift, and
     * an instant covered by a remembered shift is answered with it without resolving again. Thread-safe: the
     * tracks are immutable and the remembered shifts are immutable records in a small ring (a lost write only
     * costs a recomputation).
     */
    public static final class Prepared {
        private static final int RECENT = 16;

        private final Schedule schedule;
        private final Timeline timeline;
        private final Shift[] recent = new Shift[RECENT];
        private int next;

        private Prepared(Schedule schedule) {
            this.schedule = schedule;
            this.timeline = new Timeline(schedule);
        }

        public Schedule schedule() {
            return schedule;
        }

        /** The shift covering {@code at}, or empty when nobody is on call; same answer as {@link OnCallResolver#onCall}. */
        public Optional<Shift> onCall(Instant at) {
            Shift[] r = recent;
            for (int i = 0; i < r.length; i++) {
                Shift s = r[i];
                if (s != null && s.covers(at)) {
                    return Optional.of(s);
                }
            }
            Optional<Shift> shift = OnCallResolver.onCall(timeline, at);
            if (shift.isPresent() && shift.get().start() != null) {
                int i = next;
                r[i] = shift.get();
                next = (i + 1) % RECENT;
            }
            return shift;
        }
    }

    private static Optional<Shift> onCall(Timeline timeline, Instant at) {
        int w = timeline.winner(at);
        if (w < 0) {
            return Optional.empty();
        }
        Instant start = null;
        for (int i = 0; i <= w; i++) {
            start = latest(start, timeline.tracks[i].runStart(at));
        }
        Track winner = timeline.tracks[w];
        return Optional.of(new Shift(winner.valueAt(at), start, timeline.nextChange(at, w), winner.source()));
    }

    /**
     * The exact stretches of {@code [from, to)} in which nobody is on call in {@code schedule}, in time order.
     * Empty means full coverage.
     */
    public List<CoverageGap> coverageGaps(Schedule schedule, Instant from, Instant to) {
        return complement(shifts(schedule, from, to).stream().map(s -> new CoverageGap(s.start(), s.end())).toList(),
                from, to);
    }

    /**
     * The parts of {@code [from, to)} not covered by {@code covered}; {@code covered} may overlap and come in
     * any order.
     */
    public static List<CoverageGap> complement(List<CoverageGap> covered, Instant from, Instant to) {
        List<CoverageGap> sorted = new ArrayList<>(covered);
        sorted.sort((a, b) -> a.start().compareTo(b.start()));
        List<CoverageGap> gaps = new ArrayList<>();
        Instant t = from;
        for (CoverageGap c : sorted) {
            if (!c.end().isAfter(t)) {
                continue;
            }
            if (!c.start().isBefore(to)) {
                break;
            }
            if (c.start().isAfter(t)) {
                gaps.add(new CoverageGap(t, c.start()));
            }
            t = c.end();
        }
        if (t.isBefore(to)) {
            gaps.add(new CoverageGap(t, to));
        }
        return gaps;
    }

    /** The later of two instants, null meaning the beginning of time. */
    private static Instant latest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }

    /** The earlier of two instants, null meaning the end of time. */
    private static Instant earliest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isBefore(b) ? a : b;
    }

    // ---------------------------------------------------------------------------------------------------------

    /**
     * Something that has at most one person on call at any instant. {@link #runStart}/{@link #runEnd} bound the
     * maximal stretch around an instant during which {@link #valueAt} does not change (null = unbounded).
     */
    private interface Track {
        String valueAt(Instant t);

        /** Start of the constant stretch containing {@code t} (&le; t), or null when it reaches back forever. */
        Instant runStart(Instant t);

        /** End of the constant stretch containing {@code t} (&gt; t), or null when it lasts forever. */
        Instant runEnd(Instant t);

        String source();
    }

    /** The tracks of one schedule by precedence: overrides first, then layers from last to first. */
    private static final class Timeline {
        final Track[] tracks;

        Timeline(Schedule schedule) {
            ZoneId zone = ZoneId.of(schedule.timezone());
            List<Layer> layers = schedule.layers();
            tracks = new Track[layers.size() + 1];
            tracks[0] = new OverrideTrack(schedule.overrides());
            for (int i = 0; i < layers.size(); i++) {
                tracks[layers.size() - i] = new LayerTrack(layers.get(i), i, zone);
            }
        }

        /** Index of the track whose person is on call at {@code t}, or -1 when nobody is. */
        int winner(Instant t) {
            for (int i = 0; i < tracks.length; i++) {
                if (tracks[i].valueAt(t) != null) {
                    return i;
                }
            }
            return -1;
        }

        /**
         * The first instant after {@code t} at which one of tracks {@code 0..upTo} changes. With {@code upTo} the
         * winner at {@code t}, that is exactly where the winner's stretch ends: its own person changes, or a
         * track of higher precedence gets someone. Lower tracks cannot matter while the winner has someone.
         */
        Instant nextChange(Instant t, int upTo) {
            Instant end = null;
            for (int i = 0; i <= upTo; i++) {
                end = earliest(end, tracks[i].runEnd(t));
            }
            if (end != null && !end.isAfter(t)) {
                throw new IllegalStateException("timeline does not advance at " + t);
            }
            return end;
        }
    }

    /**
     * Overrides: the later-listed override wins where they overlap. Resolved once by a sweep over their ends
     * (O(m log m)) into runs of one value; lookups are binary searches.
     */
    private static final class OverrideTrack implements Track {
        /** {@code values[i]} is on call in {@code [bounds[i], bounds[i+1])}; nobody before {@code bounds[0]}. */
        private final Instant[] bounds;
        private final String[] values;

        OverrideTrack(List<ScheduleOverride> all) {
            List<ScheduleOverride> overrides = all.stream()
                    .filter(o -> o.person() != null && o.start() != null && o.end() != null && o.start().isBefore(o.end()))
                    .toList();
            List<Edge> events = new ArrayList<>();
            for (int i = 0; i < overrides.size(); i++) {
                events.add(new Edge(overrides.get(i).start(), i, true));
                events.add(new Edge(overrides.get(i).end(), i, false));
            }
            events.sort((x, y) -> x.at().compareTo(y.at()));
            TreeSet<Integer> active = new TreeSet<>();
            List<Instant> b = new ArrayList<>();
            List<String> v = new ArrayList<>();
            String current = null;
            for (int e = 0; e < events.size(); ) {
                Instant at = events.get(e).at();
                for (; e < events.size() && events.get(e).at().equals(at); e++) {
                    Edge edge = events.get(e);
                    if (edge.start()) {
                        active.add(edge.override());
                    } else {
                        active.remove(edge.override());
                    }
                }
                String value = active.isEmpty() ? null : overrides.get(active.last()).person();
                if (!Objects.equals(value, current)) {
                    b.add(at);
                    v.add(value);
                    current = value;
                }
            }
            bounds = b.toArray(Instant[]::new);
            values = v.toArray(String[]::new);
        }

        private int run(Instant t) {
            int i = Arrays.binarySearch(bounds, t);
            return i >= 0 ? i : -i - 2;
        }

        @Override
        public String valueAt(Instant t) {
            int i = run(t);
            return i < 0 ? null : values[i];
        }

        @Override
        public Instant runStart(Instant t) {
            int i = run(t);
            return i < 0 ? null : bounds[i];
        }

        @Override
        public Instant runEnd(Instant t) {
            int i = run(t) + 1;
            return i < bounds.length ? bounds[i] : null;
        }

        @Override
        public String source() {
            return "override";
        }
    }

    /**
     * One rotation layer. Handoff k happens at {@code h(k)}: {@code start + k days/weeks} of wall clock resolved
     * with {@link ZonedDateTime#ofLocal} (a time in a DST gap moves forward by the gap, in an overlap takes the
     * earlier offset), or {@code start + k·N} elapsed hours. Shift k, {@code [h(k), h(k+1))}, belongs to
     * {@code participants[k mod n]}. The layer has someone only in {@code [start, end)} and, when it has
     * restrictions, inside their windows; restrictions do not pause the rotation.
     */
    private static final class LayerTrack implements Track {
        private static final int MAX_WALK = 4;
        private static final int RUNS_KEPT = 32;

        private final Layer layer;
        private final ZoneId zone;
        private final String source;
        private final List<String> participants;
        private final Rotation.Kind kind;
        private final Duration period;
        private final Instant startI;
        private final Instant endI;
        private final boolean allSame;
        private final boolean inert;
        /** {@link #runs} by day, for layers with restrictions (null without); at most {@value #RUNS_KEPT} days are kept. */
        private final Map<LocalDate, Runs> runsByDay;

        LayerTrack(Layer layer, int index, ZoneId zone) {
            this.layer = layer;
            this.zone = zone;
            this.source = "layer:" + (layer.name() == null || layer.name().isBlank() ? String.valueOf(index + 1) : layer.name());
            this.participants = layer.participants();
            this.kind = layer.rotation() == null ? Rotation.Kind.WEEKLY : layer.rotation().kind();
            this.period = kind == Rotation.Kind.HOURS ? Duration.ofHours(Math.max(0, layer.rotation().hours())) : null;
            this.startI = layer.start() == null ? null : local(layer.start());
            this.endI = layer.end() == null ? null : local(layer.end());
            this.allSame = participants.stream().distinct().count() == 1;
            // shapes the validator rejects; resolve them to "nobody" rather than fail a lookup
            this.inert = participants.isEmpty() || startI == null || (period != null && period.isZero())
                    || (endI != null && !endI.isAfter(startI));
            this.runsByDay = layer.restrictions().isEmpty() ? null : new ConcurrentHashMap<>();
        }

        private Instant local(LocalDateTime ldt) {
            return ZonedDateTime.ofLocal(ldt, zone, null).toInstant();
        }

        @Override
        public String source() {
            return source;
        }

        /** Start of shift {@code k}. Non-decreasing in k (equal only across a skipped calendar day). */
        private Instant handoff(long k) {
            return switch (kind) {
                case HOURS -> startI.plus(period.multipliedBy(k));
                case DAILY -> local(layer.start().plusDays(k));
                case WEEKLY -> local(layer.start().plusWeeks(k));
            };
        }

        /** The shift index covering {@code t >= start}: {@code h(k) <= t < h(k+1)}. */
        private long index(Instant t) {
            if (kind == Rotation.Kind.HOURS) {
                return Duration.between(startI, t).dividedBy(period);
            }
            long days = ChronoUnit.DAYS.between(layer.start(), LocalDateTime.ofInstant(t, zone));
            long k = Math.max(0, kind == Rotation.Kind.DAILY ? days : Math.floorDiv(days, 7));
            // the wall-clock estimate is off by at most one across a DST change
            while (k > 0 && handoff(k).isAfter(t)) {
                k--;
            }
            while (!handoff(k + 1).isAfter(t)) {
                k++;
            }
            return k;
        }

        private String person(long k) {
            return participants.get((int) Math.floorMod(k, (long) participants.size()));
        }

        private boolean inRange(Instant t) {
            return !t.isBefore(startI) && (endI == null || t.isBefore(endI));
        }

        @Override
        public String valueAt(Instant t) {
            if (inert || !inRange(t)) {
                return null;
            }
            if (!layer.restrictions().isEmpty() && windows(t).containing == null) {
                return null;
            }
            return person(index(t));
        }

        @Override
        public Instant runEnd(Instant t) {
            if (inert) {
                return null;
            }
            String v = valueAt(t);
            if (v == null) {
                return nextActiveStart(t);
            }
            Instant end = endI;
            if (!layer.restrictions().isEmpty()) {
                end = earliest(end, windows(t).containing.end());
            }
            if (!allSame) {
                long j = index(t) + 1;
                for (int steps = 0; steps <= participants.size() + MAX_WALK; steps++) {
                    Instant h = handoff(j);
                    long k = index(h); // == j unless shift j is empty (a skipped calendar day)
                    if (!person(k).equals(v)) {
                        end = earliest(end, h);
                        break;
                    }
                    j = k + 1;
                }
            }
            return end;
        }

        @Override
        public Instant runStart(Instant t) {
            if (inert) {
                return null;
            }
            String v = valueAt(t);
            if (v == null) {
                return previousActiveEnd(t);
            }
            Instant start = startI;
            if (!layer.restrictions().isEmpty()) {
                start = latest(start, windows(t).containing.start());
            }
            if (!allSame) {
                long i = index(t);
                for (int steps = 0; steps <= participants.size() + MAX_WALK && i > 0; steps++) {
                    Instant h = handoff(i);
                    if (h.equals(handoff(i - 1))) { // empty shift i-1
                        i--;
                        continue;
                    }
                    if (!person(i - 1).equals(v)) {
                        break;
                    }
                    i--;
                }
                start = latest(start, handoff(i));
            }
            return start;
        }

        /** First instant after {@code t} (which has nobody) at which the layer has someone, or null for never. */
        private Instant nextActiveStart(Instant t) {
            Instant c = t.isBefore(startI) ? startI : t;
            if (endI != null && !c.isBefore(endI)) {
                return null;
            }
            Instant next = c;
            if (!layer.restrictions().isEmpty()) {
                Windows w = windows(c);
                next = w.containing != null ? c : w.nextStart;
            }
            return next == null || (endI != null && !next.isBefore(endI)) ? null : next;
        }

        /** The instant at which the layer last stopped having someone before {@code t} (which has nobody). */
        private Instant previousActiveEnd(Instant t) {
            if (t.isBefore(startI)) {
                return null;
            }
            Instant c = t;
            if (endI != null && !t.isBefore(endI)) {
                c = endI.minusNanos(1);
                if (layer.restrictions().isEmpty() || windows(c).containing != null) {
                    return endI;
                }
            }
            Instant prev = windows(c).previousEnd;
            return prev != null && prev.isAfter(startI) ? prev : null;
        }

        /** Restriction windows around {@code c}: the merged run containing it, the one before, the one after. */
        private Windows windows(Instant c) {
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
                for (Restriction r : layer.restrictions()) {
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
    }

    /** The merged restriction windows around a day, and the instants a week before and after it. */
    private record Runs(List<CoverageGap> runs, Instant weekBefore, Instant weekAfter) {
    }

    /** Where override number {@code override} starts or ends. */
    private record Edge(Instant at, int override, boolean start) {
    }

    /** An interval whose ends may be unbounded (null). */
    private record Span(Instant start, Instant end) {
    }

    private static final class Windows {
        Span containing;
        Instant previousEnd;
        Instant nextStart;
    }
}
