package io.packops.ingest.events;

import io.quarkus.test.junit.QuarkusTestProfile;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;

/**
 * The event tests run at a fixed instant, so "5 minutes in the future" and "older than 30 days" are
 * exact. Only classes with this profile see the fixed clock; the module's other tests keep the real one.
 */
public class FixedClockProfile implements QuarkusTestProfile {

    public static final Instant NOW = Instant.parse("2026-03-15T12:00:00Z");

    @Override
    public Set<Class<?>> getEnabledAlternatives() {
        return Set.of(FixedClock.class);
    }

    @Alternative
    @ApplicationScoped
    public static class FixedClock {
        @Produces
        @ApplicationScoped
        @Priority(1)
        Clock clock() {
            return Clock.fixed(NOW, ZoneOffset.UTC);
        }
    }
}
