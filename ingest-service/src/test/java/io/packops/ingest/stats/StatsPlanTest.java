package io.packops.ingest.stats;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class StatsPlanTest {

    private static Instant t(String s) {
        return Instant.parse(s);
    }

    private static StatsPlan.Range r(String from, String to) {
        return new StatsPlan.Range(t(from), t(to));
    }

    @Test
    void aWindowInsideOneHourIsAllRaw() {
        StatsPlan p = StatsPlan.of(t("2026-03-15T10:05:00Z"), t("2026-03-15T10:50:00Z"), Set.of(), Set.of());
        assertThat(p.raw()).containsExactly(r("2026-03-15T10:05:00Z", "2026-03-15T10:50:00Z"));
        assertThat(p.rawOnly()).isTrue();
    }

    @Test
    void partialHoursAtBothEndsAreRawAndWholeHoursComeFromTheRollup() {
        StatsPlan p = StatsPlan.of(t("2026-03-15T04:30:00Z"), t("2026-03-15T10:30:00Z"), Set.of(), Set.of());
        assertThat(p.raw()).containsExactly(r("2026-03-15T04:30:00Z", "2026-03-15T05:00:00Z"),
                r("2026-03-15T10:00:00Z", "2026-03-15T10:30:00Z"));
        assertThat(p.hours()).containsExactly(t("2026-03-15T05:00:00Z"), t("2026-03-15T06:00:00Z"),
                t("2026-03-15T07:00:00Z"), t("2026-03-15T08:00:00Z"), t("2026-03-15T09:00:00Z"));
        assertThat(p.days()).isEmpty();
    }

    @Test
    void dirtyHoursAreReadRawAndMergeWithTheirNeighbours() {
        StatsPlan p = StatsPlan.of(t("2026-03-15T04:30:00Z"), t("2026-03-15T10:30:00Z"),
                Set.of(t("2026-03-15T05:00:00Z"), t("2026-03-15T09:00:00Z")), Set.of());
        assertThat(p.raw()).containsExactly(r("2026-03-15T04:30:00Z", "2026-03-15T06:00:00Z"),
                r("2026-03-15T09:00:00Z", "2026-03-15T10:30:00Z"));
        assertThat(p.hours()).hasSize(3);
    }

    @Test
    void wholeRolledUpDaysWithoutDirtyHoursComeFromTheDailyRollup() {
        Instant d12 = t("2026-03-12T00:00:00Z");
        Instant d13 = t("2026-03-13T00:00:00Z");
        Instant d14 = t("2026-03-14T00:00:00Z");
        StatsPlan p = StatsPlan.of(t("2026-03-11T22:15:00Z"), t("2026-03-15T01:10:00Z"),
                Set.of(t("2026-03-13T17:00:00Z")), Set.of(d12, d13, d14));
        assertThat(p.days()).containsExactly(d12, d14);
        assertThat(p.raw()).containsExactly(r("2026-03-11T22:15:00Z", "2026-03-11T23:00:00Z"),
                r("2026-03-13T17:00:00Z", "2026-03-13T18:00:00Z"), r("2026-03-15T01:00:00Z", "2026-03-15T01:10:00Z"));
        // 23:00 of the 11th, 23 clean hours of the 13th, 00:00 of the 15th
        assertThat(p.hours()).hasSize(1 + 23 + 1);
        assertThat(p.hours()).contains(t("2026-03-11T23:00:00Z"), t("2026-03-15T00:00:00Z"));
    }

    @Test
    void aDayNotRolledUpYetIsReadByTheHour() {
        StatsPlan p = StatsPlan.of(t("2026-03-13T00:00:00Z"), t("2026-03-14T00:00:00Z"), Set.of(), Set.of());
        assertThat(p.days()).isEmpty();
        assertThat(p.hours()).hasSize(24);
        assertThat(p.raw()).isEmpty();
        assertThat(p.rawOnly()).isFalse();
    }

    @Test
    void rawPlanOfAnEmptyWindowReadsNothing() {
        assertThat(StatsPlan.raw(t("2026-03-13T00:00:00Z"), t("2026-03-13T00:00:00Z")).raw()).isEqualTo(List.of());
    }

    @Test
    void coarsePlanReadsWholeCleanWeeksAndBlocks() {
        // 2026-03-02 and 2026-03-09 are Mondays
        Set<Instant> rolled = new java.util.HashSet<>();
        for (Instant d = t("2026-02-25T00:00:00Z"); d.isBefore(t("2026-03-15T00:00:00Z")); d = d.plusSeconds(86400)) {
            rolled.add(d);
        }
        Instant dirty = t("2026-03-15T08:00:00Z");
        StatsPlan p = StatsPlan.coarse(t("2026-02-27T03:30:00Z"), t("2026-03-15T13:20:00Z"), Set.of(dirty), rolled);
        assertThat(p.raw()).containsExactly(r("2026-02-27T03:30:00Z", "2026-02-27T04:00:00Z"),
                r("2026-03-15T08:00:00Z", "2026-03-15T09:00:00Z"), r("2026-03-15T13:00:00Z", "2026-03-15T13:20:00Z"));
        assertThat(p.hours()).containsExactly(t("2026-02-27T04:00:00Z"), t("2026-02-27T05:00:00Z"),
                t("2026-03-15T06:00:00Z"), t("2026-03-15T07:00:00Z"), t("2026-03-15T09:00:00Z"),
                t("2026-03-15T10:00:00Z"), t("2026-03-15T11:00:00Z"), t("2026-03-15T12:00:00Z"));
        assertThat(p.blocks()).containsExactly(t("2026-02-27T06:00:00Z"), t("2026-02-27T12:00:00Z"),
                t("2026-02-27T18:00:00Z"), t("2026-03-15T00:00:00Z"));
        // the week of the 9th ends after the window: its days are read one by one
        assertThat(p.days()).containsExactly(t("2026-02-28T00:00:00Z"), t("2026-03-01T00:00:00Z"),
                t("2026-03-09T00:00:00Z"), t("2026-03-10T00:00:00Z"), t("2026-03-11T00:00:00Z"),
                t("2026-03-12T00:00:00Z"), t("2026-03-13T00:00:00Z"), t("2026-03-14T00:00:00Z"));
        assertThat(p.weeks()).containsExactly(t("2026-03-02T00:00:00Z"));
    }

    @Test
    void aWeekWithADirtyHourOrADayNotRolledIsReadByTheDay() {
        Set<Instant> rolled = new java.util.HashSet<>();
        for (Instant d = t("2026-03-02T00:00:00Z"); d.isBefore(t("2026-03-09T00:00:00Z")); d = d.plusSeconds(86400)) {
            rolled.add(d);
        }
        StatsPlan clean = StatsPlan.coarse(t("2026-03-02T00:00:00Z"), t("2026-03-09T00:00:00Z"), Set.of(), rolled);
        assertThat(clean.weeks()).containsExactly(t("2026-03-02T00:00:00Z"));
        assertThat(clean.days()).isEmpty();
        StatsPlan dirty = StatsPlan.coarse(t("2026-03-02T00:00:00Z"), t("2026-03-09T00:00:00Z"),
                Set.of(t("2026-03-04T10:00:00Z")), rolled);
        assertThat(dirty.weeks()).isEmpty();
        assertThat(dirty.days()).hasSize(6);
        assertThat(dirty.raw()).containsExactly(r("2026-03-04T10:00:00Z", "2026-03-04T11:00:00Z"));
        rolled.remove(t("2026-03-08T00:00:00Z"));
        StatsPlan partial = StatsPlan.coarse(t("2026-03-02T00:00:00Z"), t("2026-03-09T00:00:00Z"), Set.of(), rolled);
        assertThat(partial.weeks()).isEmpty();
        assertThat(partial.days()).hasSize(6);
        assertThat(partial.blocks()).hasSize(4);
        assertThat(StatsPlan.weekOf(t("2026-03-08T23:59:59Z"))).isEqualTo(t("2026-03-02T00:00:00Z"));
        assertThat(StatsPlan.blockOf(t("2026-03-08T23:00:00Z"))).isEqualTo(t("2026-03-08T18:00:00Z"));
    }
}
