package io.packops.ownership.oncall;

import io.packops.ownership.document.model.Layer;
import io.packops.ownership.document.model.Restriction;
import io.packops.ownership.document.model.Rotation;
import io.packops.ownership.document.model.Schedule;
import io.packops.ownership.document.model.ScheduleOverride;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static java.time.DayOfWeek.FRIDAY;
import static java.time.DayOfWeek.MONDAY;
import static java.time.DayOfWeek.SATURDAY;
import static java.time.DayOfWeek.THURSDAY;
import static java.time.DayOfWeek.TUESDAY;
import static java.time.DayOfWeek.WEDNESDAY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Restrictions, layer precedence, overrides, merging and gaps. Dates are in the week of Monday 2026-11-23,
 * Europe/Madrid (CET, UTC+1) unless a DST change is the point.
 */
class OnCallPrecedenceTest {

    static final Set<DayOfWeek> WEEKDAYS = EnumSet.of(MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY);

    final OnCallResolver resolver = new OnCallResolver();

    static Instant utc(String s) {
        return Instant.parse(s);
    }

    static Restriction window(Set<DayOfWeek> days, String from, String to) {
        return new Restriction(days, LocalTime.parse(from), LocalTime.parse(to));
    }

    static Layer layer(String name, String start, Rotation rotation, List<String> participants, Restriction... restrictions) {
        return new Layer(name, LocalDateTime.parse(start), null, rotation, participants, List.of(restrictions));
    }

    static ScheduleOverride override(String person, String start, String end) {
        return new ScheduleOverride(person, utc(start), utc(end));
    }

    static Schedule schedule(List<Layer> layers, ScheduleOverride... overrides) {
        return new Schedule("billing-primary", null, "billing-packs", "Europe/Madrid", layers, List.of(overrides));
    }

    /** The DESIGN sample: a weekly base rotation with a business-hours layer on top. */
    static List<Layer> baseWithBusinessHours() {
        return List.of(
                layer(null, "2026-11-02T09:00:00", Rotation.weekly(), List.of("ana", "bo", "chen")),
                layer("business-hours", "2026-11-02T09:00:00", Rotation.hours(12), List.of("dana"),
                        window(WEEKDAYS, "09:00", "18:00")));
    }

    Shift at(Schedule s, String instant) {
        return resolver.onCall(s, utc(instant)).orElseThrow();
    }

    // --- restrictions and layer precedence --------------------------------------------------------------------

    @Test
    void laterLayerBeatsEarlierInsideItsRestrictionWindow() {
        Schedule s = schedule(baseWithBusinessHours());

        assertThat(at(s, "2026-11-25T12:00:00Z"))
                .isEqualTo(new Shift("dana", utc("2026-11-25T08:00:00Z"), utc("2026-11-25T17:00:00Z"), "layer:business-hours"));
    }

    @Test
    void earlierLayerShowsThroughOutsideTheLaterLayersRestrictions() {
        Schedule s = schedule(baseWithBusinessHours());

        assertThat(at(s, "2026-11-25T20:00:00Z"))
                .isEqualTo(new Shift("ana", utc("2026-11-25T17:00:00Z"), utc("2026-11-26T08:00:00Z"), "layer:1"));
        assertThat(at(s, "2026-11-28T12:00:00Z")) // Saturday: no window, the weekly layer all weekend
                .isEqualTo(new Shift("ana", utc("2026-11-27T17:00:00Z"), utc("2026-11-30T08:00:00Z"), "layer:1"));
    }

    @Test
    void weekTimelineAlternatesBusinessHoursAndTheBaseRotation() {
        Schedule s = schedule(baseWithBusinessHours());

        List<Shift> week = resolver.shifts(s, utc("2026-11-23T08:00:00Z"), utc("2026-11-30T08:00:00Z"));

        assertThat(week).extracting(Shift::person)
                .containsExactly("dana", "ana", "dana", "ana", "dana", "ana", "dana", "ana", "dana", "ana");
        assertThat(week.get(0)).isEqualTo(
                new Shift("dana", utc("2026-11-23T08:00:00Z"), utc("2026-11-23T17:00:00Z"), "layer:business-hours"));
        assertThat(week.get(9)).isEqualTo(
                new Shift("ana", utc("2026-11-27T17:00:00Z"), utc("2026-11-30T08:00:00Z"), "layer:1"));
        assertThat(resolver.coverageGaps(s, utc("2026-11-23T08:00:00Z"), utc("2026-11-30T08:00:00Z"))).isEmpty();
    }

    @Test
    void overnightRestrictionWrapsToTheNextDayAndBelongsToTheDayItStarts() {
        Schedule s = schedule(List.of(layer("nights", "2026-11-02T00:00:00", Rotation.weekly(), List.of("ivo"),
                window(EnumSet.of(FRIDAY), "22:00", "06:00"))));

        assertThat(at(s, "2026-11-28T03:00:00Z")) // Saturday 04:00: still Friday's window
                .isEqualTo(new Shift("ivo", utc("2026-11-27T21:00:00Z"), utc("2026-11-28T05:00:00Z"), "layer:nights"));
        assertThat(resolver.onCall(s, utc("2026-11-28T21:30:00Z"))).isEmpty(); // Saturday 22:30: no Saturday window
        assertThat(resolver.onCall(s, utc("2026-11-26T22:30:00Z"))).isEmpty(); // Thursday 23:30
    }

    @Test
    void overnightRestrictionOverDstEndLastsNineHours() {
        // Saturday 2026-10-24 22:00 CEST to Sunday 06:00 CET: clocks go back an hour in between
        Schedule s = schedule(List.of(layer("nights", "2026-10-01T00:00:00", Rotation.weekly(), List.of("ivo"),
                window(EnumSet.of(SATURDAY), "22:00", "06:00"))));

        Shift night = at(s, "2026-10-25T01:30:00Z");

        assertThat(night).isEqualTo(new Shift("ivo", utc("2026-10-24T20:00:00Z"), utc("2026-10-25T05:00:00Z"), "layer:nights"));
        assertThat(Duration.between(night.start(), night.end())).isEqualTo(Duration.ofHours(9));
    }

    @Test
    void restrictionsDoNotPauseTheRotation() {
        // weekday business hours on a daily rotation: the weekend's two handoffs still happen
        Schedule s = schedule(List.of(layer(null, "2026-11-23T09:00:00", Rotation.daily(), List.of("ana", "bo", "chen"),
                window(WEEKDAYS, "09:00", "18:00"))));

        assertThat(at(s, "2026-11-27T12:00:00Z").person()).isEqualTo("bo");   // Friday, index 4
        assertThat(resolver.onCall(s, utc("2026-11-28T12:00:00Z"))).isEmpty(); // Saturday
        assertThat(at(s, "2026-11-30T12:00:00Z").person()).isEqualTo("bo");   // Monday, index 7, not 5
    }

    @Test
    void restrictionWindowAcrossAHandoffIsSplitBetweenTheTwoShifts() {
        Schedule s = schedule(List.of(layer(null, "2026-11-23T09:00:00", Rotation.daily(), List.of("ana", "bo"),
                window(WEEKDAYS, "08:00", "10:00"))));

        assertThat(resolver.shifts(s, utc("2026-11-24T00:00:00Z"), utc("2026-11-25T00:00:00Z"))).containsExactly(
                new Shift("ana", utc("2026-11-24T07:00:00Z"), utc("2026-11-24T08:00:00Z"), "layer:1"),
                new Shift("bo", utc("2026-11-24T08:00:00Z"), utc("2026-11-24T09:00:00Z"), "layer:1"));
    }

    @Test
    void overlappingRestrictionWindowsMergeIntoOneStretch() {
        Schedule s = schedule(List.of(layer(null, "2026-11-02T00:00:00", Rotation.weekly(), List.of("dana"),
                window(WEEKDAYS, "09:00", "18:00"), window(WEEKDAYS, "17:00", "20:00"))));

        assertThat(at(s, "2026-11-25T17:30:00Z"))
                .isEqualTo(new Shift("dana", utc("2026-11-25T08:00:00Z"), utc("2026-11-25T19:00:00Z"), "layer:1"));
    }

    @Test
    void restrictionCoveringTheWholeWeekLeavesNoGapAndNoEnd() {
        Schedule s = schedule(List.of(layer(null, "2026-11-02T09:00:00", Rotation.daily(), List.of("dana"),
                window(EnumSet.allOf(DayOfWeek.class), "00:00", "00:00"))));

        assertThat(at(s, "2026-11-25T12:00:00Z")).isEqualTo(new Shift("dana", utc("2026-11-02T08:00:00Z"), null, "layer:1"));
        assertThat(resolver.coverageGaps(s, utc("2026-11-01T00:00:00Z"), utc("2026-12-01T00:00:00Z")))
                .containsExactly(new CoverageGap(utc("2026-11-01T00:00:00Z"), utc("2026-11-02T08:00:00Z")));
    }

    // --- overrides --------------------------------------------------------------------------------------------

    @Test
    void overrideBeatsEveryLayer() {
        Schedule s = schedule(baseWithBusinessHours(), override("bo", "2026-11-25T10:00:00Z", "2026-11-25T14:00:00Z"));

        assertThat(resolver.shifts(s, utc("2026-11-25T08:00:00Z"), utc("2026-11-25T20:00:00Z"))).containsExactly(
                new Shift("dana", utc("2026-11-25T08:00:00Z"), utc("2026-11-25T10:00:00Z"), "layer:business-hours"),
                new Shift("bo", utc("2026-11-25T10:00:00Z"), utc("2026-11-25T14:00:00Z"), "override"),
                new Shift("dana", utc("2026-11-25T14:00:00Z"), utc("2026-11-25T17:00:00Z"), "layer:business-hours"),
                new Shift("ana", utc("2026-11-25T17:00:00Z"), utc("2026-11-25T20:00:00Z"), "layer:1"));
    }

    @Test
    void overrideBeatsLayerAcrossDst() {
        // the override spans the night clocks go back in Madrid; the weekly layer's handoff stays at 09:00 local
        Schedule s = schedule(List.of(layer(null, "2026-10-19T09:00:00", Rotation.weekly(), List.of("ana", "chen"))),
                override("bo", "2026-10-24T22:00:00Z", "2026-10-25T10:00:00Z"));

        assertThat(at(s, "2026-10-25T01:30:00Z"))
                .isEqualTo(new Shift("bo", utc("2026-10-24T22:00:00Z"), utc("2026-10-25T10:00:00Z"), "override"));
        assertThat(resolver.shifts(s, utc("2026-10-24T00:00:00Z"), utc("2026-10-27T00:00:00Z"))).containsExactly(
                new Shift("ana", utc("2026-10-24T00:00:00Z"), utc("2026-10-24T22:00:00Z"), "layer:1"),
                new Shift("bo", utc("2026-10-24T22:00:00Z"), utc("2026-10-25T10:00:00Z"), "override"),
                new Shift("ana", utc("2026-10-25T10:00:00Z"), utc("2026-10-26T08:00:00Z"), "layer:1"),
                new Shift("chen", utc("2026-10-26T08:00:00Z"), utc("2026-10-27T00:00:00Z"), "layer:1"));
    }

    @Test
    void laterListedOverrideWinsWhereOverridesOverlap() {
        List<Layer> base = List.of(layer(null, "2026-11-02T09:00:00", Rotation.weekly(), List.of("ana")));
        Schedule nested = schedule(base, override("bo", "2026-11-25T10:00:00Z", "2026-11-25T20:00:00Z"),
                override("chen", "2026-11-25T12:00:00Z", "2026-11-25T14:00:00Z"));
        Schedule hidden = schedule(base, override("chen", "2026-11-25T12:00:00Z", "2026-11-25T14:00:00Z"),
                override("bo", "2026-11-25T10:00:00Z", "2026-11-25T20:00:00Z"));

        assertThat(resolver.shifts(nested, utc("2026-11-25T10:00:00Z"), utc("2026-11-25T20:00:00Z"))).containsExactly(
                new Shift("bo", utc("2026-11-25T10:00:00Z"), utc("2026-11-25T12:00:00Z"), "override"),
                new Shift("chen", utc("2026-11-25T12:00:00Z"), utc("2026-11-25T14:00:00Z"), "override"),
                new Shift("bo", utc("2026-11-25T14:00:00Z"), utc("2026-11-25T20:00:00Z"), "override"));
        assertThat(at(nested, "2026-11-25T15:00:00Z")).isEqualTo(
                new Shift("bo", utc("2026-11-25T14:00:00Z"), utc("2026-11-25T20:00:00Z"), "override"));
        assertThat(resolver.shifts(hidden, utc("2026-11-25T10:00:00Z"), utc("2026-11-25T20:00:00Z"))).containsExactly(
                new Shift("bo", utc("2026-11-25T10:00:00Z"), utc("2026-11-25T20:00:00Z"), "override"));
    }

    @Test
    void adjacentOverridesOfOnePersonMergeButOverrideAndLayerStaySeparate() {
        Schedule s = schedule(List.of(layer(null, "2026-11-02T09:00:00", Rotation.weekly(), List.of("ana"))),
                override("bo", "2026-11-25T10:00:00Z", "2026-11-25T12:00:00Z"),
                override("bo", "2026-11-25T12:00:00Z", "2026-11-25T15:00:00Z"),
                override("ana", "2026-11-25T15:00:00Z", "2026-11-25T16:00:00Z"));

        assertThat(at(s, "2026-11-25T10:30:00Z"))
                .isEqualTo(new Shift("bo", utc("2026-11-25T10:00:00Z"), utc("2026-11-25T15:00:00Z"), "override"));
        assertThat(resolver.shifts(s, utc("2026-11-25T09:00:00Z"), utc("2026-11-25T17:00:00Z"))).containsExactly(
                new Shift("ana", utc("2026-11-25T09:00:00Z"), utc("2026-11-25T10:00:00Z"), "layer:1"),
                new Shift("bo", utc("2026-11-25T10:00:00Z"), utc("2026-11-25T15:00:00Z"), "override"),
                new Shift("ana", utc("2026-11-25T15:00:00Z"), utc("2026-11-25T16:00:00Z"), "override"),
                new Shift("ana", utc("2026-11-25T16:00:00Z"), utc("2026-11-25T17:00:00Z"), "layer:1"));
    }

    @Test
    void overrideWithNoLayerUnderneathCoversAGap() {
        Schedule s = schedule(List.of(layer("business-hours", "2026-11-02T09:00:00", Rotation.daily(), List.of("dana"),
                window(WEEKDAYS, "09:00", "18:00"))), override("bo", "2026-11-28T09:00:00Z", "2026-11-28T10:00:00Z"));

        assertThat(at(s, "2026-11-28T09:30:00Z"))
                .isEqualTo(new Shift("bo", utc("2026-11-28T09:00:00Z"), utc("2026-11-28T10:00:00Z"), "override"));
        assertThat(resolver.onCall(s, utc("2026-11-28T10:00:00Z"))).isEmpty();
    }

    // --- clipping, gaps ---------------------------------------------------------------------------------------

    @Test
    void shiftsAreClippedToTheRangeButOnCallIsNot() {
        Schedule s = schedule(baseWithBusinessHours());

        assertThat(resolver.shifts(s, utc("2026-11-25T12:00:00Z"), utc("2026-11-25T13:00:00Z"))).containsExactly(
                new Shift("dana", utc("2026-11-25T12:00:00Z"), utc("2026-11-25T13:00:00Z"), "layer:business-hours"));
        assertThat(at(s, "2026-11-25T12:00:00Z").start()).isEqualTo(utc("2026-11-25T08:00:00Z"));
        assertThat(resolver.shifts(s, utc("2026-11-25T13:00:00Z"), utc("2026-11-25T12:00:00Z"))).isEmpty();
    }

    @Test
    void coverageGapsAreTheExactHoursNobodyIsOnCall() {
        Schedule s = schedule(List.of(layer("business-hours", "2026-11-02T09:00:00", Rotation.daily(), List.of("dana"),
                window(WEEKDAYS, "09:00", "18:00"))));

        List<CoverageGap> gaps = resolver.coverageGaps(s, utc("2026-11-23T00:00:00Z"), utc("2026-11-30T00:00:00Z"));

        assertThat(gaps).containsExactly(
                new CoverageGap(utc("2026-11-23T00:00:00Z"), utc("2026-11-23T08:00:00Z")),
                new CoverageGap(utc("2026-11-23T17:00:00Z"), utc("2026-11-24T08:00:00Z")),
                new CoverageGap(utc("2026-11-24T17:00:00Z"), utc("2026-11-25T08:00:00Z")),
                new CoverageGap(utc("2026-11-25T17:00:00Z"), utc("2026-11-26T08:00:00Z")),
                new CoverageGap(utc("2026-11-26T17:00:00Z"), utc("2026-11-27T08:00:00Z")),
                new CoverageGap(utc("2026-11-27T17:00:00Z"), utc("2026-11-30T00:00:00Z")));
    }

    @Test
    void coverageGapsIncludeTimeBeforeTheFirstLayerStarts() {
        Schedule s = schedule(List.of(layer(null, "2026-11-25T09:00:00", Rotation.weekly(), List.of("ana", "bo"))));

        assertThat(resolver.coverageGaps(s, utc("2026-11-23T00:00:00Z"), utc("2026-12-07T00:00:00Z")))
                .containsExactly(new CoverageGap(utc("2026-11-23T00:00:00Z"), utc("2026-11-25T08:00:00Z")));
        assertThat(resolver.coverageGaps(new Schedule("empty", null, "t", "UTC", List.of(), List.of()),
                utc("2026-11-23T00:00:00Z"), utc("2026-11-24T00:00:00Z")))
                .containsExactly(new CoverageGap(utc("2026-11-23T00:00:00Z"), utc("2026-11-24T00:00:00Z")));
    }
}
