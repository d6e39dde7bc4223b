package io.packops.alerting.alerts;

import io.packops.alerting.rules.AutoRollbackPolicy;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The packaged rules: install-failure-rate over 15m at 20 % (min 20 installs), install-slo-burn 99 % over 1h first. */
@QuarkusTest
@TestProfile(AlertsTestProfile.class)
class AutoRollbackTest extends AlertsTestBase {

    @Inject
    AutoRollbackPolicy policy;

    @AfterEach
    void policyOff() {
        policy.use(Set.of());
    }

    long fire(Observation o) {
        alerts.observe(o);
        return alerts.activeIds().get(0);
    }

    /** stripe-revenue 1.1.0 fires; 1.0.0, the active version before it, had {@code failed} of {@code attempts} installs over 15m. */
    long fireOverPrevious(long attempts, long failed) {
        ingest.versions("stripe-revenue", "1.1.0:active", "1.0.0:active");
        ingest.installs("15m", "stripe-revenue", "1.0.0", attempts, failed);
        return fire(firing("1.1.0"));
    }

    List<AlertEvent> timeline(long id) {
        return alerts.timeline(id);
    }

    @Test
    void policyOnAndPreviousHealthyRollsBack() {
        policy.use(Set.of("stripe-revenue"));
        long id = fireOverPrevious(100, 2);

        assertThat(ingest.withdrawals()).singleElement().satisfies(w -> {
            assertThat(w.pack()).isEqualTo("stripe-revenue");
            assertThat(w.version()).isEqualTo("1.1.0");
            assertThat(w.reason()).startsWith("auto-rolled back");
        });
        assertThat(timeline(id)).anySatisfy(e -> {
            assertThat(e.kind()).isEqualTo(AlertEvent.ROLLED_BACK);
            assertThat(e.actor()).isEqualTo("auto-rollback");
            assertThat(e.detail()).contains("auto-rolled back").contains("1.0.0: 2.0% of 100 installs failed over 15m");
        });
        assertThat(pager.pages("trigger")).last().satisfies(p ->
                assertThat((String) p.details().get("note")).contains("auto-rolled back"));
    }

    @Test
    void sloBurnJudgesThePreviousVersionAgainstTheErrorBudget() {
        policy.use(Set.of("*"));
        ingest.versions("stripe-revenue", "1.1.0:active", "1.0.1:withdrawn", "1.0.0:active");
        ingest.installs("1h", "stripe-revenue", "1.0.0", 400, 1); // 0.25 % < 1 %
        long id = fire(new Observation("install-slo-burn",
                Map.of("connector", "stripe", "pack", "stripe-revenue", "version", "1.1.0"), "critical",
                "burns its budget", Map.of(), true));
        assertThat(ingest.withdrawals()).hasSize(1);
        assertThat(timeline(id)).anySatisfy(e -> assertThat(e.kind()).isEqualTo(AlertEvent.ROLLED_BACK));
    }

    @Test
    void policyOffNeverRollsBack() {
        long id = fireOverPrevious(100, 0);
        assertThat(ingest.withdrawals()).isEmpty();
        assertThat(timeline(id)).noneSatisfy(e -> assertThat(e.kind()).isEqualTo(AlertEvent.ROLLED_BACK));
    }

    @Test
    void anotherPackUnderThePolicyDoesNotCoverThisOne() {
        policy.use(Set.of("salesforce-pipeline"));
        fireOverPrevious(100, 0);
        assertThat(ingest.withdrawals()).isEmpty();
    }

    @Test
    void previousUnhealthyDoesNotRollBack() {
        policy.use(Set.of("stripe-revenue"));
        long id = fireOverPrevious(100, 30);
        assertThat(ingest.withdrawals()).isEmpty();
        assertThat(timeline(id)).anySatisfy(e -> {
            assertThat(e.kind()).isEqualTo(AlertEvent.NOTE);
            assertThat(e.detail()).startsWith("auto-rollback skipped: previous version is not healthy either");
        });
    }

    @Test
    void noDataForThePreviousVersionIsUnknownAndDoesNotRollBack() {
        policy.use(Set.of("stripe-revenue"));
        ingest.versions("stripe-revenue", "1.1.0:active", "1.0.0:active");
        long id = fire(firing("1.1.0"));
        assertThat(ingest.withdrawals()).isEmpty();
        assertThat(timeline(id)).anySatisfy(e -> assertThat(e.detail()).contains("health is unknown"));
    }

    @Test
    void otherRulesAreNotRolledBack() {
        policy.use(Set.of("*"));
        ingest.versions("stripe-revenue", "1.1.0:active", "1.0.0:active");
        ingest.installs("15m", "stripe-revenue", "1.0.0", 100, 0);
        fire(new Observation("pack-compat-broken", Map.of("connector", "stripe", "pack", "stripe-revenue", "version", "1.1.0"),
                "critical", "broken", Map.of(), true));
        assertThat(ingest.withdrawals()).isEmpty();
    }
}
