package io.packops.cli.drill;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainIntegrationTest;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged CLI rehearses every scenario ({@code drill all}) against a private stack it starts itself (embedded
 * PostgreSQL, the three packaged services on free ports, the fake pager), with escalation delays scaled to seconds.
 * Each scenario ends with "nothing left firing": every alert it raised reads clear and is resolved, and none of them
 * paged or escalated after it read clear.
 * Needs the services' jars: {@code ./mvnw verify} packages them before this module.
 */
@QuarkusMainIntegrationTest
class DrillIT {

    @Test
    void everyScenarioHappensAsRehearsedAndLeavesNothingFiring(QuarkusMainLauncher launcher) throws Exception {
        Path report = Path.of("target", "drill-report.md").toAbsolutePath();
        Files.deleteIfExists(report);

        LaunchResult result = launcher.launch("drill", "all", "--self-contained",
                "--escalation-time-scale", "0.02", "--deadline-scale", "2", "--report", report.toString());

        String out = result.getOutput();
        assertThat(result.exitCode()).as(out + result.getErrorOutput()).isZero();
        assertThat(out).contains("PASSED  drill bad-release").contains("PASSED  drill schema-drift")
                .contains("PASSED  drill silent-telemetry").contains("PASSED  drill ownership-down")
                .contains("PASSED  drill canary-abort").contains("PASSED  drill package-upgrade").doesNotContain(" FAIL ");
        assertThat(out.split("PASS  nothing left firing", -1)).as("every scenario's last step").hasSize(7);
        // bad-release: every expected step, in order
        assertThat(out).containsSubsequence("release gate blocks 1.1.0", "published 1.1.0 past the gate",
                "gate override on the record — by operator", "installs of 1.1.0 fail", "install-failure-rate fired", "owner paged — PagerDuty trigger to billing-packs",
                "escalated to level 2", "acknowledged (PagerDuty acknowledge sent)", "rolled back: installers get 1.0.0 again",
                "failure rate recovers", "resolved (PagerDuty resolve sent)");
        // schema-drift: the blast radius converges on exactly the accounts the change reached, routed to the owner
        assertThat(out).containsSubsequence("connector change landed", "compat sweep raised the break",
                "blast radius", "(exactly the accounts the change reached)", "routed to the connector owner — billing-packs paged",
                "schemas fixed: the alert clears");
        // silent-telemetry: the dead man's switch pages the "*" owner, then clears
        assertThat(out).containsSubsequence("telemetry stopped", "telemetry-silent fired", "platform owner paged — packs-core",
                "telemetry flows again: alert clears");
        // ownership-down: the fallback first, then the real owner
        assertThat(out).containsSubsequence("ownership-service stopped", "alert fired with the owner unknown",
                "fallback route paged — PagerDuty trigger with the fallback routing key demo-fallback",
                "ownership-service back", "real owner paged — owner crm-packs");

        // canary-abort: stopped at 10 %, everyone back on the stable version, the owner paged
        assertThat(out).containsSubsequence("held for its rollout — installers still get", "rollout started",
                "canary aborted at the first step — check install-failure-rate",
                "stable version served to every account", "owner paged (rollout-aborted)", "blast radius of the bad version");

        // package-upgrade: the owner hears of the coming release before any account upgrades; the fix goes out first
        assertThat(out).containsSubsequence("accounts run fivetran/stripe 1.10.1", "coming release registered — fivetran/stripe 1.11.0",
                "upgrade check finds the break — stripe-revenue 1.0.0 breaks for", "dbt-package-upgrade-breaks fired",
                "alert details", "owner paged before the release ships — billing-packs paged (routing key demo-billing-packs, dbt-package-upgrade-breaks)",
                "release gate lists the coming release", "fix published held — stripe-revenue 1.0.2", "canary step serves the fix",
                "fix rolled out — promoted", "broken versions retired", "alert clears", "resolved (PagerDuty resolve sent)",
                "owner paged before any account upgraded", "upgraded accounts compile the fix");

        String md = Files.readString(report);
        assertThat(md).contains("**every expected step happened in time**")
                .contains("## bad-release — passed").contains("## schema-drift — passed").contains("## silent-telemetry — passed")
                .contains("## ownership-down — passed").contains("## canary-abort — passed").contains("## package-upgrade — passed")
                .contains("- against: a private stack (--self-contained)")
                .contains("| time to escalate (first page → level 2) |")
                .contains("| time to roll back (alert fired → previous version served) |")
                .contains("| lead over the first account upgrade (page → first upgrade) |")
                .doesNotContain("left no override record")
                .doesNotContain("**FAIL**");
    }
}
