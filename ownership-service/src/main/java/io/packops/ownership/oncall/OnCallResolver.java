package io.packops.ownership.oncall;

import io.packops.ownership.document.model.Rotation;
import io.packops.ownership.document.model.Schedule;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
            start = Intervals.latest(start, timeline.tracks[i].runStart(at));
        }
        Track winner = timeline.tracks[w];
        return Optional.of(new Shift(winner.valueAt(at), start, timeline.nextChange(at, w), winner.source()));
    }

    /**
     * The exact stretches of {@code [from, to)} in which nobody is on call in {@code schedule}, in time order.
     * Empty means full coverage.
     */
    public List<CoverageGap> coverageGaps(Schedule schedule, Instant from, Instant to) {
        return Intervals.complement(shifts(schedule, from, to).stream().map(s -> new CoverageGap(s.start(), s.end())).toList(),
                from, to);
    }
}
