package io.packops.alerting.alerts;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;
import java.util.Set;

/**
 * The lifecycle tests run with a settable clock and test doubles of the three seams (pager, ownership and ingest
 * clients), so they depend neither on the paging side nor on the peers. Only classes with this profile see them.
 * The doubles extend the peers' client beans, whose class-level timeouts, retries and circuit breakers they would
 * inherit: switched off here (a double that fails on purpose must not open a circuit for the next test).
 */
public class AlertsTestProfile implements QuarkusTestProfile {

    @Override
    public Set<Class<?>> getEnabledAlternatives() {
        return Set.of(TestClock.class, RecordingPager.class, FakeOwnership.class, FakeIngest.class);
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.fault-tolerance.enabled", "false");
    }
}
