package io.packops.cli.drill;

import io.packops.cli.client.Api;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The drill's bookkeeping: steps, deadlines, runbook checks (gaps) and the Markdown report. */
class DrillTest {

    @TempDir
    Path root;
    final StringWriter printed = new StringWriter();

    Drill drill(double deadlineScale) {
        Api api = new Api(new Api.Urls("http://localhost:1", "http://localhost:1", "http://localhost:1"), Map.of());
        return new Drill(api, null, null, "http://localhost:1", root, root.resolve(".packops/logs"), 0.05, deadlineScale,
                new PrintWriter(printed, true));
    }

    @Test
    void aStepPassesWhenItsConditionHoldsAndFailsAtItsDeadline() throws Exception {
        Drill d = drill(1);
        int[] polls = {0};
        String value = d.await("eventually", Duration.ofSeconds(10), () -> ++polls[0] >= 2 ? "yes" : null, v -> "got " + v);
        assertThat(value).isEqualTo("yes");
        Drill.Failed failed = org.junit.jupiter.api.Assertions.assertThrows(Drill.Failed.class,
                () -> d.await("never", Duration.ofMillis(1500), () -> {
                    throw new IllegalStateException("the alert counts 9 accounts");
                }, v -> ""));
        assertThat(failed.getMessage()).contains("never").contains("not within 1.5 s").contains("the alert counts 9 accounts");
        assertThat(d.steps()).extracting(Drill.Step::name, Drill.Step::passed).containsExactly(
                org.assertj.core.groups.Tuple.tuple("eventually", true), org.assertj.core.groups.Tuple.tuple("never", false));
        assertThat(printed.toString()).contains("PASS  eventually — got yes").contains("FAIL  never");
    }

    @Test
    void deadlinesScaleForSlowMachines() {
        Drill d = drill(0.001);
        long t0 = System.nanoTime();
        org.junit.jupiter.api.Assertions.assertThrows(Drill.Failed.class, () -> d.await("x", Duration.ofSeconds(60), () -> null, v -> ""));
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(10_000);
    }

    @Test
    void runbookLinksAreCheckedAgainstTheRepository() throws Exception {
        Drill d = drill(1);
        d.checkRunbook(null, "install-failure-rate");
        d.checkRunbook("runbooks/missing.md", "install-failure-rate");
        Files.createDirectories(root.resolve("runbooks"));
        Files.writeString(root.resolve("runbooks/pack-install-failures.md"), "# Pack install failures\n\n## Decide rollback\n");
        d.checkRunbook("runbooks/pack-install-failures.md#decide-rollback", "install-failure-rate");
        d.checkRunbook("runbooks/pack-install-failures.md#no-such-heading", "install-failure-rate");
        Files.writeString(root.resolve("runbooks/telemetry-silent.md"), "# Telemetry silent\n");
        d.checkRunbook("https://git.example.com/packops/blob/main/runbooks/pack-install-failures.md", "telemetry-silent");

        assertThat(d.gaps()).containsExactly(
                "the page for install-failure-rate carries no runbook link: the on-call engineer has to know where the procedure is",
                "the page for install-failure-rate links the runbook runbooks/missing.md, which does not exist in this repository",
                "the page for install-failure-rate links runbooks/pack-install-failures.md#no-such-heading, but runbooks/pack-install-failures.md has no heading #no-such-heading",
                "the page for telemetry-silent links https://git.example.com/packops/blob/main/runbooks/pack-install-failures.md, although the repository has its own runbook runbooks/telemetry-silent.md (the ownership rule names one runbook for every alert of the connector, and it has no section for telemetry-silent)");
        assertThat(Drill.slug("Decide: roll back? (T+15 min)")).isEqualTo("decide-roll-back-t15-min");

        // a connector-wide runbook with a section for the alert routes the reader on: no gap
        Files.writeString(root.resolve("runbooks/pack-install-failures.md"), "# Pack install failures\n\n### telemetry-silent\n\nSee telemetry-silent.md\n");
        int before = d.gaps().size();
        d.checkRunbook("runbooks/pack-install-failures.md", "telemetry-silent");
        assertThat(d.gaps()).hasSize(before);
    }

    @Test
    void theReportIsMarkdownWithEveryStepMeasureAndGap() {
        Instant t = Instant.parse("2026-11-26T08:00:00Z");
        var run = new DrillReport.Run("bad-release", "a broken release", t, t.plusSeconds(70), false, "escalated to level 2: not within 60 s",
                List.of(new Drill.Step("install-failure-rate fired", t.plusSeconds(17), Duration.ofMillis(17_300), true, "alert #4: 100% | all"),
                        new Drill.Step("escalated to level 2", t.plusSeconds(70), Duration.ofSeconds(70), false, "not within 60 s")),
                Map.of("time to detect", Duration.ofMillis(16_400)), List.of("no override is recorded"),
                List.of("alert #4 (install-failure-rate): http://localhost:8082/v1/alerts/4"));
        String md = DrillReport.markdown(List.of(run), "http://localhost:8081", 0.05);
        assertThat(md).contains("- result: **failed**")
                .contains("| 08:00:17 | 17.3 | pass | install-failure-rate fired | alert #4: 100% \\| all |")
                .contains("| 08:01:10 | 70.0 | **FAIL** | escalated to level 2 | not within 60 s |")
                .contains("| time to detect | 16.4 s |")
                .contains("- no override is recorded");
        assertThat(DrillReport.summary(run)).contains("FAILED  drill bad-release in 70.0 s").contains("failed at: escalated to level 2");
    }

    @Test
    void aFailedStepIsTheFirstGapAndTheSummarySaysWhereToLook() throws Exception {
        Drill d = drill(1);
        d.lookAt("rollout r-1: http://localhost:8081/v1/rollouts/r-1");
        Drill.Failed failed = org.junit.jupiter.api.Assertions.assertThrows(Drill.Failed.class,
                () -> d.await("blast radius", Duration.ofMillis(1), () -> {
                    throw new IllegalStateException("the alert counts 3 accounts");
                }, v -> ""));
        Instant t = Instant.parse("2026-11-26T08:00:00Z");
        var run = new DrillReport.Run("schema-drift", "a schema change", t, t.plusSeconds(75), false, failed.getMessage(),
                d.steps(), Map.of(), d.gaps(), d.lookAt());

        String summary = DrillReport.summary(run);
        assertThat(summary).doesNotContain("gaps found: none")
                .containsSubsequence("gaps found:", "- the step \"blast radius: not within 0.0 s (last error: the alert counts 3 accounts)\"",
                        "look at:", "- rollout r-1: http://localhost:8081/v1/rollouts/r-1",
                        "- the service logs in .packops/logs (alerting-service.log");
        String md = DrillReport.markdown(List.of(run), "ingest http://localhost:8081", 0.05);
        assertThat(md).contains("- against: ingest http://localhost:8081").doesNotContain("None.")
                .contains("### Where to look").contains("- the step \"blast radius");

        var passed = new DrillReport.Run("schema-drift", "a schema change", t, t.plusSeconds(75), true, null,
                List.of(), Map.of(), List.of(), List.of());
        assertThat(DrillReport.summary(passed)).contains("gaps found: none").doesNotContain("look at");
    }
}
