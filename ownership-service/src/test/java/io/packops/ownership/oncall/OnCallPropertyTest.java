package io.packops.ownership.oncall;

import io.packops.ownership.document.model.Layer;
import io.packops.ownership.document.model.Restriction;
import io.packops.ownership.document.model.Rotation;
import io.packops.ownership.document.model.Schedule;
import io.packops.ownership.document.model.ScheduleOverride;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Generated schedules around DST changes, checked three ways on a grid of instants (plus every shift boundary):
 * {@code onCall} against {@code shifts}, and both against a naive oracle that walks every handoff from the
 * layer's start and tests every restriction window directly. So the arithmetic fast path, the stretch merging
 * and the clipping cannot drift apart.
 */
class OnCallPropertyTest {

    static final String[] ZONES = {"Europe/Madrid", "America/New_York", "Australia/Sydney", "Australia/Lord_Howe",
            "America/Santiago", "UTC", "Asia/Kolkata"};
    static final String[] PEOPLE = {"ana", "bo", "chen"};
    static final int[] MINUTES = {0, 0, 0, 30, 15, 45};

    final OnCallResolver resolver = new OnCallResolver();

    static IntStream seeds() {
        return IntStream.range(0, 250);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void onCallShiftsAndNaiveOracleAgree(int seed) {
        Random r = new Random(seed);
        ZoneId zone = ZoneId.of(ZONES[r.nextInt(ZONES.length)]);
        Instant pivot = pivot(r, zone);
        Schedule s = generate(r, zone, pivot);
        Instant from = pivot.minus(Duration.ofMinutes(r.nextInt(7 * 24 * 60)));
        Instant to = from.plus(Duration.ofDays(10));
        String context = "seed " + seed + ": " + s + " from " + from;

        List<Shift> shifts = resolver.shifts(s, from, to);
        List<CoverageGap> gaps = resolver.coverageGaps(s, from, to);

        // the timeline is ordered, non-empty stretches, maximal, and with the gaps it tiles [from, to)
        List<CoverageGap> tiles = new ArrayList<>(gaps);
        for (int i = 0; i < shifts.size(); i++) {
            Shift sh = shifts.get(i);
            assertThat(sh.start()).as(context).isBefore(sh.end());
            if (i > 0) {
                Shift prev = shifts.get(i - 1);
                assertThat(prev.end()).as(context).isBeforeOrEqualTo(sh.start());
                if (prev.end().equals(sh.start())) {
                    assertThat(prev.person().equals(sh.person()) && prev.source().equals(sh.source()))
                            .as(context + " unmerged at " + sh.start()).isFalse();
                }
            }
            tiles.add(new CoverageGap(sh.start(), sh.end()));
        }
        tiles.sort((a, b) -> a.start().compareTo(b.start()));
        Instant cursor = from;
        for (CoverageGap tile : tiles) {
            assertThat(tile.start()).as(context).isEqualTo(cursor);
            cursor = tile.end();
        }
        assertThat(cursor).as(context).isEqualTo(to);

        List<Instant> grid = new ArrayList<>();
        for (Instant t = from.plusSeconds(r.nextInt(600)); t.isBefore(to); t = t.plus(Duration.ofMinutes(37))) {
            grid.add(t);
        }
        for (int minutes = -180; minutes <= 180; minutes += 5) { // dense around the DST change
            grid.add(pivot.plus(Duration.ofMinutes(minutes)));
        }
        for (Shift sh : shifts) {
            grid.add(sh.start());
            grid.add(sh.start().minusNanos(1));
            grid.add(sh.end().minusNanos(1));
        }
        int checkedExtents = 0;
        for (Instant t : grid) {
            if (t.isBefore(from) || !t.isBefore(to)) {
                continue;
            }
            Optional<Shift> oc = resolver.onCall(s, t);
            Shift stretch = shifts.stream().filter(sh -> sh.covers(t)).findFirst().orElse(null);
            String[] naive = naive(s, t);
            String at = context + " at " + t;

            assertThat(oc.isPresent()).as(at).isEqualTo(stretch != null).isEqualTo(naive != null);
            if (stretch == null) {
                continue;
            }
            Shift shift = oc.get();
            assertThat(shift.person()).as(at).isEqualTo(stretch.person()).isEqualTo(naive[0]);
            assertThat(shift.source()).as(at).isEqualTo(stretch.source()).isEqualTo(naive[1]);
            assertThat(shift.covers(t)).as(at).isTrue();
            // shifts(from, to) is onCall clipped to the range
            assertThat(stretch.start()).as(at).isEqualTo(shift.start().isBefore(from) ? from : shift.start());
            assertThat(stretch.end()).as(at).isEqualTo(shift.end() == null || shift.end().isAfter(to) ? to : shift.end());
            // and the full extent is what a wider shifts() call shows
            if (checkedExtents++ < 8) {
                Instant wideTo = (shift.end() == null ? shift.start().plus(Duration.ofDays(40)) : shift.end()).plusSeconds(3600);
                List<Shift> wide = resolver.shifts(s, shift.start().minusSeconds(3600), wideTo);
                Shift expected = shift.end() == null ? new Shift(shift.person(), shift.start(), wideTo, shift.source()) : shift;
                assertThat(wide).as(at).contains(expected);
            }
        }
    }

    /**
     * A prepared schedule (tracks built once, recent shifts remembered: the lookup path) answers exactly as
     * {@code onCall}, asked on the same grid in time order and then shuffled, so remembered shifts are hit from
     * both sides and evicted.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void preparedScheduleAnswersLikeOnCall(int seed) {
        Random r = new Random(seed);
        ZoneId zone = ZoneId.of(ZONES[r.nextInt(ZONES.length)]);
        Instant pivot = pivot(r, zone);
        Schedule s = generate(r, zone, pivot);
        OnCallResolver.Prepared prepared = OnCallResolver.prepare(s);
        List<Instant> grid = new ArrayList<>();
        Instant from = pivot.minus(Duration.ofDays(4));
        for (Instant t = from.plusSeconds(r.nextInt(600)); t.isBefore(pivot.plus(Duration.ofDays(6))); t = t.plus(Duration.ofMinutes(41))) {
            grid.add(t);
        }
        for (Shift sh : resolver.shifts(s, from, pivot.plus(Duration.ofDays(6)))) {
            grid.add(sh.start());
            grid.add(sh.start().minusNanos(1));
            grid.add(sh.end());
            grid.add(sh.end().minusNanos(1));
        }
        List<Instant> shuffled = new ArrayList<>(grid);
        Collections.shuffle(shuffled, r);
        grid.addAll(shuffled);
        for (Instant t : grid) {
            assertThat(prepared.onCall(t)).as("seed " + seed + ": " + s + " at " + t).isEqualTo(resolver.onCall(s, t));
        }
    }

    // --- the naive oracle -------------------------------------------------------------------------------------

    /** {person, source} on call at {@code t}, found the slow and obvious way; null for nobody. */
    static String[] naive(Schedule s, Instant t) {
        for (int i = s.overrides().size() - 1; i >= 0; i--) {
            ScheduleOverride o = s.overrides().get(i);
            if (!t.isBefore(o.start()) && t.isBefore(o.end())) {
                return new String[] {o.person(), "override"};
            }
        }
        ZoneId zone = ZoneId.of(s.timezone());
        for (int i = s.layers().size() - 1; i >= 0; i--) {
            Layer l = s.layers().get(i);
            String p = naiveLayer(l, zone, t);
            if (p != null) {
                return new String[] {p, "layer:" + (l.name() == null ? String.valueOf(i + 1) : l.name())};
            }
        }
        return null;
    }

    static String naiveLayer(Layer l, ZoneId zone, Instant t) {
        Instant start = ZonedDateTime.of(l.start(), zone).toInstant();
        if (t.isBefore(start) || (l.end() != null && !t.isBefore(ZonedDateTime.of(l.end(), zone).toInstant()))) {
            return null;
        }
        if (!l.restrictions().isEmpty()) {
            boolean inside = false;
            LocalDate today = LocalDate.ofInstant(t, zone);
            for (LocalDate d = today.minusDays(2); !d.isAfter(today); d = d.plusDays(1)) {
                for (Restriction r : l.restrictions()) {
                    if (r.days().contains(d.getDayOfWeek())) {
                        Instant ws = ZonedDateTime.of(d.atTime(r.from()), zone).toInstant();
                        Instant we = ZonedDateTime.of((r.to().isAfter(r.from()) ? d : d.plusDays(1)).atTime(r.to()), zone).toInstant();
                        inside |= !t.isBefore(ws) && t.isBefore(we);
                    }
                }
            }
            if (!inside) {
                return null;
            }
        }
        int k = 0;
        while (!naiveHandoff(l, zone, start, k + 1).isAfter(t)) {
            k++;
        }
        return l.participants().get(k % l.participants().size());
    }

    static Instant naiveHandoff(Layer l, ZoneId zone, Instant start, int k) {
        return switch (l.rotation().kind()) {
            case HOURS -> start.plusSeconds(3600L * l.rotation().hours() * k);
            case DAILY -> ZonedDateTime.of(l.start().plusDays(k), zone).toInstant();
            case WEEKLY -> ZonedDateTime.of(l.start().plusWeeks(k), zone).toInstant();
        };
    }

    // --- the generator ----------------------------------------------------------------------------------------

    /** A DST change of the zone in 2026 (or any instant for zones without one). */
    static Instant pivot(Random r, ZoneId zone) {
        Instant base = Instant.parse("2026-01-01T00:00:00Z").plus(r.nextInt(365), ChronoUnit.DAYS);
        ZoneOffsetTransition next = zone.getRules().nextTransition(base);
        return next == null ? base : next.getInstant();
    }

    /** 1-3 layers starting up to 3 weeks before the pivot (or a few days after), 0-3 overrides around it. */
    static Schedule generate(Random r, ZoneId zone, Instant pivot) {
        LocalDateTime around = LocalDateTime.ofInstant(pivot, zone);
        ZoneOffsetTransition change = zone.getRules().previousTransition(pivot.plusSeconds(1));
        // wall-clock times that fall in the DST gap or overlap, where handoffs are interesting
        LocalTime ambiguous = change == null ? LocalTime.of(2, 0)
                : (change.isGap() ? change.getDateTimeBefore() : change.getDateTimeAfter()).toLocalTime();
        List<Layer> layers = new ArrayList<>();
        int layerCount = 1 + r.nextInt(3);
        for (int i = 0; i < layerCount; i++) {
            LocalTime time = r.nextInt(3) == 0 ? ambiguous.plusMinutes(15L * r.nextInt(3))
                    : LocalTime.of(r.nextInt(24), MINUTES[r.nextInt(MINUTES.length)]);
            LocalDateTime start = around.toLocalDate().minusDays(r.nextInt(25) - 4).atTime(time);
            Rotation rotation = switch (r.nextInt(3)) {
                case 0 -> Rotation.daily();
                case 1 -> Rotation.weekly();
                default -> Rotation.hours(1 + r.nextInt(30));
            };
            List<String> participants = new ArrayList<>();
            int n = 1 + r.nextInt(3);
            for (int j = 0; j < n; j++) {
                participants.add(PEOPLE[r.nextInt(PEOPLE.length)]);
            }
            LocalDateTime end = r.nextInt(4) == 0 ? start.plusDays(1 + r.nextInt(20)).withHour(r.nextInt(24)) : null;
            List<Restriction> restrictions = new ArrayList<>();
            if (r.nextInt(5) < 2) {
                int count = 1 + r.nextInt(2);
                for (int j = 0; j < count; j++) {
                    Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
                    for (DayOfWeek d : DayOfWeek.values()) {
                        if (r.nextBoolean()) {
                            days.add(d);
                        }
                    }
                    LocalTime from = r.nextInt(4) == 0 ? ambiguous.plusMinutes(15L * r.nextInt(3))
                            : LocalTime.of(r.nextInt(24), MINUTES[r.nextInt(MINUTES.length)]);
                    LocalTime to = r.nextInt(4) == 0 ? ambiguous.plusMinutes(15L * r.nextInt(3))
                            : LocalTime.of(r.nextInt(24), MINUTES[r.nextInt(MINUTES.length)]);
                    restrictions.add(new Restriction(days, from, to));
                }
            }
            layers.add(new Layer(r.nextBoolean() ? null : "L" + i, start, end, rotation, participants, restrictions));
        }
        List<ScheduleOverride> overrides = new ArrayList<>();
        int overrideCount = r.nextInt(4);
        for (int i = 0; i < overrideCount; i++) {
            Instant start = pivot.minus(Duration.ofMinutes(r.nextInt(7 * 24 * 60))).plus(Duration.ofMinutes(r.nextInt(10 * 24 * 60)));
            overrides.add(new ScheduleOverride(r.nextBoolean() ? "dana" : PEOPLE[r.nextInt(PEOPLE.length)], start,
                    start.plus(Duration.ofMinutes(30 + r.nextInt(3000)))));
        }
        return new Schedule("generated", null, "team", zone.getId(), layers, overrides);
    }
}
