package io.packops.alerting.rules;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.packops.alerting.alerts.AlertService;
import io.packops.alerting.compat.CompatResult;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;

/**
 * The tests of what reads ingest-service (the rules, the compat sweep, the canary analysis), on
 * {@link RulesTestProfile}: a fresh WireMock ingest with closed circuits, no cached compat results, and the
 * observations recorded rather than turned into alerts.
 */
public abstract class IngestTestBase {

    @InjectIngestMock
    protected WireMockServer ingest;
    @Inject
    protected AlertService alerts;

    protected RecordingAlertService recorded;

    @BeforeEach
    void freshIngestAndObservations() {
        ingest.resetAll();
        IngestStubs.resetCircuits();
        QuarkusTransaction.requiringNew().run(() -> CompatResult.deleteAll());
        recorded = (RecordingAlertService) alerts;
        recorded.reset();
    }
}
