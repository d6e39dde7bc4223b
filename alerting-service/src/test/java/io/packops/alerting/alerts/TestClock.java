package io.packops.alerting.alerts;

import io.packops.testsupport.time.MutableClock;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;

import java.time.Instant;

/** The lifecycle tests' clock, a bean they set and advance (the paging tests install a {@link MutableClock} as a mock). */
@Alternative
@Singleton
public class TestClock extends MutableClock {

    public static final Instant START = Instant.parse("2026-11-25T10:00:00Z");

    public TestClock() {
        super(START);
    }
}
