package io.packops.alerting.rules;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.List;
import java.util.Set;

/** The rules and compat tests: WireMock ingest, and observations recorded rather than turned into alerts. */
public class RulesTestProfile implements QuarkusTestProfile {

    @Override
    public Set<Class<?>> getEnabledAlternatives() {
        return Set.of(RecordingAlertService.class);
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(IngestWireMockResource.class));
    }
}
