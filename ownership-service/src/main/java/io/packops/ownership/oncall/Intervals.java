package io.packops.ownership.oncall;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Arithmetic on half-open stretches of time {@code [start, end)}, where a null end means "no end". */
public final class Intervals {

    private Intervals() {
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
    static Instant latest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }

    /** The earlier of two instants, null meaning the end of time. */
    static Instant earliest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isBefore(b) ? a : b;
    }
}
