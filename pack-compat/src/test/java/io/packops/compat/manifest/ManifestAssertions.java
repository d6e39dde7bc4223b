package io.packops.compat.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

/** Shared checks: a failed read holds exactly one error at a path, with the expected position and wording. */
final class ManifestAssertions {

    /** The five header lines every test manifest starts with; its own content begins on line 6. */
    static final String HEADER = """
            apiVersion: packops/v1
            kind: DashboardPack
            name: demo
            version: 1.0.0
            connector: stripe
            """;

    private ManifestAssertions() {
    }

    static ManifestError assertError(ManifestResult result, String path, int line, int column, String fragment) {
        assertThat(result.isValid()).as("valid result, expected an error at %s", path).isFalse();
        assertThat(result.pack()).isNull();
        List<ManifestError> atPath = result.errors().stream().filter(e -> e.path().equals(path)).toList();
        assertThat(atPath).as("errors at '%s' among %s", path, result.errors()).hasSize(1);
        ManifestError error = atPath.get(0);
        assertThat(error.line()).as("line of %s", error).isEqualTo(line);
        assertThat(error.column()).as("column of %s", error).isEqualTo(column);
        assertThat(error.message()).as("message of %s", error).contains(fragment);
        return error;
    }

    /** As {@link #assertError}, and that error is the only one. */
    static ManifestError assertOnlyError(ManifestResult result, String path, int line, int column, String fragment) {
        ManifestError error = assertError(result, path, line, column, fragment);
        assertThat(result.errors()).as("all errors").hasSize(1);
        return error;
    }
}
