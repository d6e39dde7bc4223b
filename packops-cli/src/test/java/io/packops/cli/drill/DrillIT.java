package io.packops.cli.drill;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainIntegrationTest;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged CLI rehearses bad-release, ownership-down and canary-abort against a private stack it starts itself (embedded
 * PostgreSQL, the three packaged services on free ports, the fake pager), with escalation delays scaled to seconds.
 * Needs the services' jars: {@code ./mvnw verify} packages them before this module.
 */
@QuarkusMainIntegrationTest
class DrillIT {

    @Test
    void badReleaseAndOwnershipDownHappenAsRehearsed(QuarkusMainLauncher launcher) throws Exception {
        Path report = Path.of("target", "drill-report.md").toAbsolutePath();
        Files.deleteIfExists(report);

        LaunchResult result = launcher.launch("drill", "bad-release", "ownership-down", "canary-abort", "--self-contained",
                "--escalation-time-scale", "0.02", "--deadline-scale", "2", "--report", report.toString());

        String out = result.getOutput();
        assertThat(result.exitCode()).as(out + result.getErrorOutput()).isZero();
        assertThat(out).contains("PASSED  drill bad-release").contains("PASSED  drill ownership-down")
                .contains("PASSED  drill canary-abort").doesNotContain(" FAIL ");
        // bad-release: every expected step, in order
        assertThat(out).containsSubsequence("release gate blocks 1.1.0", "published 1.1.0 past the gate",
                "gate override on the record — by operator", "installs of 1.1.0 fail", "install-failure-rate fired", "owner paged — PagerDuty trigger to billing-packs",
                "escalated to level 2", "acknowledged (PagerDuty acknowledge sent)", "rolled back: installers get 1.0.0 again",
                "failure rate recovers", "resolved (PagerDuty resolve sent)");
        // ownership-down: the fallback first, then the real owner
        assertThat(out).containsSubsequence("ownership-service stopped", "alert fired with the owner unknown",
                "fallback route paged — PagerDuty trigger with the fallback routing key demo-fallback",
                "ownership-service back", "real owner paged — owner crm-packs");

        // canary-abort: stopped at 10 %, everyone back on the stable version, the owner paged
        assertThat(out).containsSubsequence("held for its rollout — installers still get", "rollout started",
                "canary aborted at the first step — check install-failure-rate",
                "stable version served to every account", "owner paged (rollout-aborted)", "blast radius of the bad version");

        String md = Files.readString(report);
        assertThat(md).contains("**every expected step happened in time**")
                .contains("## bad-release — passed").contains("## ownership-down — passed").contains("## canary-abort — passed")
                .contains("| time to escalate (first page → level 2) |")
                .contains("| time to roll back (alert fired → previous version served) |")
                .doesNotContain("left no override record")
                .doesNotContain("**FAIL**");
    }
}
