package io.packops.ownership.oncall;

import io.packops.ownership.document.model.Layer;
import io.packops.ownership.document.model.Rotation;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * One rotation layer. Handoff k happens at {@code h(k)}: {@code start + k days/weeks} of wall clock resolved
 * with {@link ZonedDateTime#ofLocal} (a time in a DST gap moves forward by the gap, in an overlap takes the
 * earlier offset), or {@code start + k·N} elapsed hours. Shift k, {@code [h(k), h(k+1))}, belongs to
 * {@code participants[k mod n]}. The layer has someone only in {@code [start, end)} and, when it has
 * restrictions, inside their windows; restrictions do not pause the rotation.
 */
final class LayerTrack implements Track {
    private static final int MAX_WALK = 4;

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
    /** Where its restrictions let the layer have someone. */
    private final RestrictionWindows restrictionWindows;

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
        this.restrictionWindows = new RestrictionWindows(layer.restrictions(), zone);
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
        if (!layer.restrictions().isEmpty() && restrictionWindows.around(t).containing == null) {
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
            end = Intervals.earliest(end, restrictionWindows.around(t).containing.end());
        }
        if (!allSame) {
            long j = index(t) + 1;
            for (int steps = 0; steps <= participants.size() + MAX_WALK; steps++) {
                Instant h = handoff(j);
                long k = index(h); // == j unless shift j is empty (a skipped calendar day)
                if (!person(k).equals(v)) {
                    end = Intervals.earliest(end, h);
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
            start = Intervals.latest(start, restrictionWindows.around(t).containing.start());
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
            start = Intervals.latest(start, handoff(i));
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
            RestrictionWindows.Windows w = restrictionWindows.around(c);
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
            if (layer.restrictions().isEmpty() || restrictionWindows.around(c).containing != null) {
                return endI;
            }
        }
        Instant prev = restrictionWindows.around(c).previousEnd;
        return prev != null && prev.isAfter(startI) ? prev : null;
    }
}
