package io.packops.cli.drill;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The drill's summary on the terminal and its Markdown report ({@code --report drill.md}). */
final class DrillReport {

    /** {@code lookAt}: where to look when it failed (empty when it passed). */
    record Run(String scenario, String rehearses, Instant start, Instant end, boolean passed, String failure,
               List<Drill.Step> steps, Map<String, Duration> measures, List<String> gaps, List<String> lookAt) {

        /** The gaps found, a failed step first: a step that did not happen in time is the first gap of all. */
        List<String> allGaps() {
            List<String> all = new java.util.ArrayList<>();
            if (!passed) {
                all.add("the step \"" + failure + "\" — the response the scenario expects did not happen in time");
            }
            all.addAll(gaps);
            return all;
        }
    }

    private static final java.time.format.DateTimeFormatter UTC = java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss")
            .withZone(java.time.ZoneOffset.UTC);

    private DrillReport() {
    }

    static String summary(Run run) {
        StringBuilder s = new StringBuilder("\n");
        s.append(run.passed() ? "PASSED" : "FAILED").append("  drill ").append(run.scenario()).append(" in ")
                .append(Drill.seconds(Duration.between(run.start(), run.end()))).append('\n');
        if (!run.passed()) {
            s.append("  failed at: ").append(run.failure()).append('\n');
        }
        run.measures().forEach((k, v) -> s.append(String.format(Locale.ROOT, "  %-62s %s%n", k, Drill.seconds(v))));
        if (run.allGaps().isEmpty()) {
            s.append("  gaps found: none\n");
        } else {
            s.append("  gaps found:\n");
            run.allGaps().forEach(g -> s.append("    - ").append(g).append('\n'));
        }
        if (!run.passed() && !run.lookAt().isEmpty()) {
            s.append("  look at:\n");
            run.lookAt().forEach(l -> s.append("    - ").append(l).append('\n'));
        }
        return s.toString();
    }

    static String markdown(List<Run> runs, String against, double escalationTimeScale) {
        StringBuilder s = new StringBuilder("# packops drill report\n\n");
        s.append("- date: ").append(runs.get(0).start()).append('\n');
        s.append("- against: ").append(against).append('\n');
        s.append("- escalation delays scaled by ").append(escalationTimeScale).append(" (rehearsal timings)\n");
        s.append("- result: ").append(runs.stream().allMatch(Run::passed) ? "**every expected step happened in time**" : "**failed**").append("\n\n");
        for (Run run : runs) {
            s.append("## ").append(run.scenario()).append(" — ").append(run.passed() ? "passed" : "FAILED").append("\n\n");
            s.append(run.rehearses()).append(".\n\n");
            s.append("| time (UTC) | + s | result | step | detail |\n|---|---:|---|---|---|\n");
            for (Drill.Step step : run.steps()) {
                s.append(String.format(Locale.ROOT, "| %s | %.1f | %s | %s | %s |%n", UTC.format(step.at()), step.elapsed().toMillis() / 1000.0,
                        step.passed() ? "pass" : "**FAIL**", cell(step.name()), cell(step.detail())));
            }
            if (!run.passed()) {
                s.append("\nStopped at: ").append(cell(run.failure())).append('\n');
            }
            s.append("\n| measure | time |\n|---|---:|\n");
            run.measures().forEach((k, v) -> s.append("| ").append(cell(k)).append(" | ").append(Drill.seconds(v)).append(" |\n"));
            s.append("\n### Gaps found\n\n");
            if (run.allGaps().isEmpty()) {
                s.append("None.\n\n");
            } else {
                run.allGaps().forEach(g -> s.append("- ").append(g).append('\n'));
                s.append('\n');
            }
            if (!run.passed() && !run.lookAt().isEmpty()) {
                s.append("### Where to look\n\n");
                run.lookAt().forEach(l -> s.append("- ").append(l).append('\n'));
                s.append('\n');
            }
        }
        return s.toString();
    }

    private static String cell(String text) {
        return text == null ? "" : text.replace("|", "\\|").replace("\n", " ");
    }
}
