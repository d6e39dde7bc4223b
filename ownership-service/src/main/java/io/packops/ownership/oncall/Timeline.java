package io.packops.ownership.oncall;

import io.packops.ownership.document.model.Layer;
import io.packops.ownership.document.model.Schedule;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/** The tracks of one schedule by precedence: overrides first, then layers from last to first. */
final class Timeline {
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
            end = Intervals.earliest(end, tracks[i].runEnd(t));
        }
        if (end != null && !end.isAfter(t)) {
            throw new IllegalStateException("timeline does not advance at " + t);
        }
        return end;
    }
}
