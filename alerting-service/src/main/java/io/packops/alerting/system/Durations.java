package io.packops.alerting.system;

import java.time.Duration;

/** Durations as packops writes them to people and to ingest's stats API: {@code 90s}, {@code 15m}, {@code 6h}, {@code 1d}. */
public final class Durations {

    private Durations() {
    }

    /** The largest whole unit of {@code d} (seconds, minutes, hours or days), e.g. {@code 15m}; sub-second parts dropped. */
    public static String compact(Duration d) {
        long s = d.toSeconds();
        if (s % 86_400 == 0) {
            return s / 86_400 + "d";
        }
        if (s % 3_600 == 0) {
            return s / 3_600 + "h";
        }
        if (s % 60 == 0) {
            return s / 60 + "m";
        }
        return s + "s";
    }
}
