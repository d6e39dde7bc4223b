package io.packops.ownership.oncall;

import io.packops.ownership.document.model.ScheduleOverride;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Overrides: the later-listed override wins where they overlap. Resolved once by a sweep over their ends
 * (O(m log m)) into runs of one value; lookups are binary searches.
 */
final class OverrideTrack implements Track {
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

    /** Where override number {@code override} starts or ends. */
    private record Edge(Instant at, int override, boolean start) {
    }
}
