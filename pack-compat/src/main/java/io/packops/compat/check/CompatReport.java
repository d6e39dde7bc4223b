package io.packops.compat.check;

import java.util.List;

/** DESIGN's compatibility report of one pack version against one schema fingerprint. */
public record CompatReport(String pack, String version, String fingerprint, boolean compatible, List<Problem> problems) {
    public CompatReport {
        problems = List.copyOf(problems);
    }

    public long errorCount() {
        return problems.stream().filter(Problem::isError).count();
    }

    public long warningCount() {
        return problems.size() - errorCount();
    }
}
