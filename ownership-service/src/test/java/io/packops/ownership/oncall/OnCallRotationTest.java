package io.packops.ownership.oncall;

import io.packops.ownership.document.model.Layer;
import io.packops.ownership.document.model.Rotation;
import io.packops.ownership.document.model.Schedule;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Rotation maths: handoffs at the same wall-clock time across DST, elapsed-hour rotations, gaps and overlaps. */
class OnCallRotationTest {

    final OnCallResolver resolver = new OnCallResolver();

    static Schedule schedule(String zone, Layer... layers) {
        return new Schedule("s", null, "team", zone, List.of(layers), List.of());
    }

    static Layer layer(String start, Rotation rotation, String... participants) {
        return new Layer(null, LocalDateTime.parse(start), null, rotation, List.of(participants), List.of());
    }

    static Instant utc(String s) {
        return Instant.parse(s);
    }

    Shift at(Schedule s, String instant) {
        return resolver.onCall(s, utc(instant)).orElseThrow();
    }

    static String wallClock(Instant t, String zone) {
        return LocalDateTime.ofInstant(t, ZoneId.of(zone)).toString();
    }

    // --- Europe/Madrid (CEST -> CET on 2026-10-25, CET -> CEST on 2026-03-29) -------------------------------

    @Test
    void weeklyHandoffKeepsWallClockAcrossDstEnd() {
        Schedule s = schedule("Europe/Madrid", layer("2026-10-19T09:00:00", Rotation.weekly(), "ana", "bo", "chen"));

        Shift ana = at(s, "2026-10-25T12:00:00Z");

        assertThat(ana).isEqualTo(new Shift("ana", utc("2026-10-19T07:00:00Z"), utc("2026-10-26T08:00:00Z"), "layer:1"));
        assertThat(Duration.between(ana.start(), ana.end())).isEqualTo(Duration.ofHours(169));
        assertThat(wallClock(ana.end(), "Europe/Madrid")).isEqualTo("2026-10-26T09:00");
        assertThat(at(s, "2026-10-26T08:00:00Z").person()).isEqualTo("bo");
    }

    @Test
    void weeklyHandoffKeepsWallClockAcrossDstStart() {
        Schedule s = schedule("Europe/Madrid", layer("2026-03-23T09:00:00", Rotation.weekly(), "ana", "bo"));

        List<Shift> shifts = resolver.shifts(s, utc("2026-03-23T00:00:00Z"), utc("2026-04-06T00:00:00Z"));

        assertThat(shifts).containsExactly(
                new Shift("ana", utc("2026-03-23T08:00:00Z"), utc("2026-03-30T07:00:00Z"), "layer:1"),
                new Shift("bo", utc("2026-03-30T07:00:00Z"), utc("2026-04-06T00:00:00Z"), "layer:1"));
        assertThat(Duration.between(shifts.get(0).start(), shifts.get(0).end())).isEqualTo(Duration.ofHours(167));
    }

    @Test
    void dailyHandoffInsideDstOverlapTakesEarlierOffsetInMadrid() {
        // 02:30 happens twice on 2026-10-25: CEST (00:30Z) and CET (01:30Z); the earlier one counts
        Schedule s = schedule("Europe/Madrid", layer("2026-10-20T02:30:00", Rotation.daily(), "ana", "bo"));

        assertThat(at(s, "2026-10-25T00:00:00Z").end()).isEqualTo(utc("2026-10-25T00:30:00Z"));
        Shift overlapDay = at(s, "2026-10-25T12:00:00Z");
        assertThat(overlapDay.start()).isEqualTo(utc("2026-10-25T00:30:00Z"));
        assertThat(overlapDay.end()).isEqualTo(utc("2026-10-26T01:30:00Z"));
        assertThat(Duration.between(overlapDay.start(), overlapDay.end())).isEqualTo(Duration.ofHours(25));
    }

    @Test
    void layerStartingInsideDstGapStartsWhenTheGapEnds() {
        // 2026-03-29T02:30 does not exist in Madrid: the layer starts at 03:30 CEST = 01:30Z
        Schedule s = schedule("Europe/Madrid", layer("2026-03-29T02:30:00", Rotation.daily(), "ana"));

        assertThat(resolver.onCall(s, utc("2026-03-29T01:29:59Z"))).isEmpty();
        assertThat(at(s, "2026-03-29T01:30:00Z").start()).isEqualTo(utc("2026-03-29T01:30:00Z"));
    }

    @Test
    void hoursRotationCountsElapsedHoursSoWallClockMovesAcrossDst() {
        Schedule s = schedule("Europe/Madrid", layer("2026-10-24T08:00:00", Rotation.hours(12), "ana", "bo"));

        List<Shift> shifts = resolver.shifts(s, utc("2026-10-24T06:00:00Z"), utc("2026-10-25T18:00:00Z"));

        assertThat(shifts).extracting(Shift::person).containsExactly("ana", "bo", "ana");
        assertThat(shifts).allSatisfy(sh -> assertThat(Duration.between(sh.start(), sh.end())).isEqualTo(Duration.ofHours(12)));
        assertThat(shifts).extracting(sh -> wallClock(sh.start(), "Europe/Madrid"))
                .containsExactly("2026-10-24T08:00", "2026-10-24T20:00", "2026-10-25T07:00");
    }

    // --- America/New_York (EST -> EDT on 2026-03-08 at 02:00, EDT -> EST on 2026-11-01 at 02:00) ------------

    @Test
    void dailyShiftOverDstStartIs23HoursAndOverDstEnd25() {
        Schedule spring = schedule("America/New_York", layer("2026-03-01T08:00:00", Rotation.daily(), "ana", "bo"));
        Schedule fall = schedule("America/New_York", layer("2026-10-25T08:00:00", Rotation.daily(), "ana", "bo"));

        assertThat(at(spring, "2026-03-08T00:00:00Z"))
                .isEqualTo(new Shift("ana", utc("2026-03-07T13:00:00Z"), utc("2026-03-08T12:00:00Z"), "layer:1"));
        assertThat(at(spring, "2026-03-08T12:00:00Z"))
                .isEqualTo(new Shift("bo", utc("2026-03-08T12:00:00Z"), utc("2026-03-09T12:00:00Z"), "layer:1"));
        assertThat(at(fall, "2026-11-01T00:00:00Z"))
                .isEqualTo(new Shift("ana", utc("2026-10-31T12:00:00Z"), utc("2026-11-01T13:00:00Z"), "layer:1"));
    }

    @Test
    void handoffInsideDstGapMovesForwardByTheGap() {
        // 02:30 does not exist on 2026-03-08: that handoff happens at 03:30 EDT (07:30Z)
        Schedule s = schedule("America/New_York", layer("2026-03-01T02:30:00", Rotation.daily(), "ana", "bo"));

        List<Shift> shifts = resolver.shifts(s, utc("2026-03-07T07:30:00Z"), utc("2026-03-09T06:30:00Z"));

        assertThat(shifts).containsExactly(
                new Shift("ana", utc("2026-03-07T07:30:00Z"), utc("2026-03-08T07:30:00Z"), "layer:1"),
                new Shift("bo", utc("2026-03-08T07:30:00Z"), utc("2026-03-09T06:30:00Z"), "layer:1"));
        assertThat(wallClock(shifts.get(1).start(), "America/New_York")).isEqualTo("2026-03-08T03:30");
        assertThat(wallClock(shifts.get(1).end(), "America/New_York")).isEqualTo("2026-03-09T02:30");
    }

    @Test
    void wallClockPastAGapHandoffTimeIsStillThePreviousShiftUntilTheMovedHandoff() {
        // 03:15 EDT on 2026-03-08 reads later than the 02:30 handoff time, but the handoff moved to 03:30
        Schedule s = schedule("America/New_York", layer("2026-03-01T02:30:00", Rotation.daily(), "ana", "bo"));

        assertThat(at(s, "2026-03-08T07:15:00Z"))
                .isEqualTo(new Shift("ana", utc("2026-03-07T07:30:00Z"), utc("2026-03-08T07:30:00Z"), "layer:1"));
        assertThat(at(s, "2026-03-08T07:29:59.999999999Z").person()).isEqualTo("ana");
    }

    @Test
    void handoffInsideDstOverlapTakesTheEarlierOffset() {
        // 01:30 happens twice on 2026-11-01: EDT (05:30Z) first, then EST (06:30Z)
        Schedule s = schedule("America/New_York", layer("2026-10-25T01:30:00", Rotation.daily(), "ana", "bo"));

        List<Shift> shifts = resolver.shifts(s, utc("2026-10-31T05:30:00Z"), utc("2026-11-02T06:30:00Z"));

        assertThat(shifts).containsExactly(
                new Shift("ana", utc("2026-10-31T05:30:00Z"), utc("2026-11-01T05:30:00Z"), "layer:1"),
                new Shift("bo", utc("2026-11-01T05:30:00Z"), utc("2026-11-02T06:30:00Z"), "layer:1"));
    }

    // --- Australia/Sydney (southern hemisphere: AEDT -> AEST on 2026-04-05, AEST -> AEDT on 2026-10-04) -------

    @Test
    void dailyHandoffKeepsWallClockAcrossSouthernDstEnd() {
        Schedule s = schedule("Australia/Sydney", layer("2026-04-01T09:00:00", Rotation.daily(), "ana", "bo", "chen"));

        Shift shift = at(s, "2026-04-04T12:00:00Z");

        assertThat(shift).isEqualTo(new Shift("ana", utc("2026-04-03T22:00:00Z"), utc("2026-04-04T23:00:00Z"), "layer:1"));
        assertThat(Duration.between(shift.start(), shift.end())).isEqualTo(Duration.ofHours(25));
    }

    @Test
    void weeklyHandoffKeepsWallClockAcrossSouthernDstStart() {
        Schedule s = schedule("Australia/Sydney", layer("2026-09-28T09:00:00", Rotation.weekly(), "ana", "bo"));

        Shift shift = at(s, "2026-10-03T12:00:00Z");

        assertThat(shift).isEqualTo(new Shift("ana", utc("2026-09-27T23:00:00Z"), utc("2026-10-04T22:00:00Z"), "layer:1"));
        assertThat(Duration.between(shift.start(), shift.end())).isEqualTo(Duration.ofHours(167));
        assertThat(wallClock(shift.end(), "Australia/Sydney")).isEqualTo("2026-10-05T09:00");
    }

    // --- Australia/Lord_Howe (half-hour DST: +10:30 -> +11 on 2026-10-04) -------------------------------------

    @Test
    void dailyShiftOverHalfHourDstStartIsTwentyThreeAndAHalfHours() {
        Schedule s = schedule("Australia/Lord_Howe", layer("2026-10-01T09:00:00", Rotation.daily(), "ana", "bo"));

        Shift shift = at(s, "2026-10-03T12:00:00Z");

        assertThat(shift).isEqualTo(new Shift("ana", utc("2026-10-02T22:30:00Z"), utc("2026-10-03T22:00:00Z"), "layer:1"));
        assertThat(Duration.between(shift.start(), shift.end())).isEqualTo(Duration.ofMinutes(23 * 60 + 30));
    }

    // --- layers started long ago ------------------------------------------------------------------------------

    @Test
    void hourlyLayerStartedIn1990ResolvesArithmetically() {
        Schedule s = schedule("Europe/Madrid", layer("1990-01-01T00:00:00", Rotation.hours(1), "a", "b", "c"));

        // 323461 elapsed hours since 1989-12-31T23:00Z: index 323461 mod 3 = 1
        assertThat(at(s, "2026-11-25T12:34:00Z"))
                .isEqualTo(new Shift("b", utc("2026-11-25T12:00:00Z"), utc("2026-11-25T13:00:00Z"), "layer:1"));

        List<Shift> fortnight = resolver.shifts(s, utc("2026-11-25T12:00:00Z"), utc("2026-12-09T12:00:00Z"));
        assertThat(fortnight).hasSize(14 * 24);
        assertThat(fortnight).extracting(Shift::person).startsWith("b", "c", "a", "b");
        assertThat(fortnight).allSatisfy(sh -> assertThat(Duration.between(sh.start(), sh.end())).isEqualTo(Duration.ofHours(1)));
    }

    @Test
    void weeklyLayerStartedIn2015AgreesWithCountingEveryWeek() {
        Schedule s = schedule("Europe/Madrid", layer("2015-01-05T09:00:00", Rotation.weekly(), "a", "b", "c", "d"));

        // counted the slow way: 620 weeks from 2015-01-05 to 2026-11-23
        ZonedDateTime handoff = ZonedDateTime.of(LocalDateTime.parse("2015-01-05T09:00:00"), ZoneId.of("Europe/Madrid"));
        int k = 0;
        while (!handoff.plusWeeks(1).toInstant().isAfter(utc("2026-11-25T12:00:00Z"))) {
            handoff = handoff.plusWeeks(1);
            k++;
        }
        assertThat(k).isEqualTo(620);

        assertThat(at(s, "2026-11-25T12:00:00Z"))
                .isEqualTo(new Shift("abcd".substring(k % 4, k % 4 + 1), utc("2026-11-23T08:00:00Z"),
                        utc("2026-11-30T08:00:00Z"), "layer:1"));
        assertThat(resolver.shifts(s, utc("2026-11-25T00:00:00Z"), utc("2026-12-09T00:00:00Z")))
                .extracting(Shift::person).containsExactly("a", "b", "c");
    }

    @Test
    void onePersonLayerIsOnCallFromItsStartWithNoScheduledEnd() {
        Schedule s = schedule("Europe/Madrid", layer("2015-01-05T09:00:00", Rotation.daily(), "solo"));

        Shift shift = at(s, "2026-11-25T12:00:00Z");

        assertThat(shift).isEqualTo(new Shift("solo", utc("2015-01-05T08:00:00Z"), null, "layer:1"));
        assertThat(resolver.shifts(s, utc("2026-11-25T00:00:00Z"), utc("2026-12-09T00:00:00Z")))
                .containsExactly(new Shift("solo", utc("2026-11-25T00:00:00Z"), utc("2026-12-09T00:00:00Z"), "layer:1"));
    }

    @Test
    void layerEndIsExclusiveAndNobodyIsOnCallBeforeStart() {
        Layer bounded = new Layer("launch", LocalDateTime.parse("2026-11-02T09:00:00"), LocalDateTime.parse("2026-11-04T09:00:00"),
                Rotation.daily(), List.of("ana", "bo"), List.of());
        Schedule s = schedule("Europe/Madrid", bounded);

        assertThat(resolver.onCall(s, utc("2026-11-02T07:59:59Z"))).isEmpty();
        assertThat(at(s, "2026-11-03T12:00:00Z"))
                .isEqualTo(new Shift("bo", utc("2026-11-03T08:00:00Z"), utc("2026-11-04T08:00:00Z"), "layer:launch"));
        assertThat(resolver.onCall(s, utc("2026-11-04T08:00:00Z"))).isEmpty();
    }

    @Test
    void handoffToTheSamePersonDoesNotEndTheirShift() {
        Schedule s = schedule("Europe/Madrid", layer("2026-11-02T09:00:00", Rotation.daily(), "ana", "ana", "bo"));

        assertThat(at(s, "2026-11-02T12:00:00Z"))
                .isEqualTo(new Shift("ana", utc("2026-11-02T08:00:00Z"), utc("2026-11-04T08:00:00Z"), "layer:1"));
        assertThat(resolver.shifts(s, utc("2026-11-02T08:00:00Z"), utc("2026-11-08T08:00:00Z")))
                .extracting(Shift::person).containsExactly("ana", "bo", "ana", "bo");
    }
}
