package io.packops.compat.manifest;

import static io.packops.compat.manifest.ManifestAssertions.HEADER;
import static io.packops.compat.manifest.ManifestAssertions.assertOnlyError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Malformed YAML: one error with the parser's line and column, in words an author understands. */
class ManifestYamlSyntaxTest {

    @Test
    void badIndentationIsReportedWhereTheParserStumbles() {
        ManifestResult result = ManifestReader.read("""
                apiVersion: packops/v1
                kind: DashboardPack
                name: demo
                  version: 1.0.0
                """);

        assertOnlyError(result, "", 4, 10, "mapping values are not allowed here");
    }

    @Test
    void unclosedQuoteNamesWhereTheQuoteOpened() {
        ManifestResult result = ManifestReader.read("""
                apiVersion: packops/v1
                kind: DashboardPack
                name: "demo
                version: 1.0.0
                """);

        assertOnlyError(result, "", 5, 1, "unclosed quote: the quoted value that starts at line 3, column 7 never ends");
    }

    @Test
    void tabIndentationIsReportedInPlainWords() {
        ManifestResult result = ManifestReader.read("apiVersion: packops/v1\ndashboards:\n\t- id: revenue\n");

        ManifestError error = assertOnlyError(result, "", 3, 1, "indent YAML with spaces, not tabs");
        assertThat(error.message()).doesNotContain("(TAB)");
    }

    @Test
    void unclosedFlowListIsReportedWithWhereItStarted() {
        ManifestResult result = ManifestReader.read("apiVersion: packops/v1\nkpis: [a, b\n");

        assertOnlyError(result, "", 3, 1, "while parsing a flow sequence at line 2, column 7");
    }

    @Test
    void duplicateKeyIsReportedAtTheSecondOccurrence() {
        ManifestResult result = ManifestReader.read(HEADER + "name: other\nkpis: []\ndashboards: []\n");

        assertThat(result.errors()).extracting(ManifestError::path).contains("name");
        ManifestError duplicate = result.errors().stream().filter(e -> e.path().equals("name")).findFirst().orElseThrow();
        assertThat(duplicate).isEqualTo(new ManifestError("name", 6, 1, "duplicate key 'name' (first defined at line 3)"));
    }

    @Test
    void secondYamlDocumentIsRejected() {
        ManifestResult result = ManifestReader.read(HEADER + "---\n" + HEADER);

        assertOnlyError(result, "", 6, 1, "a manifest is exactly one document");
    }

    @Test
    void undefinedAliasIsReportedAtTheAlias() {
        ManifestResult result = ManifestReader.read(HEADER + "description: *nowhere\n");

        assertOnlyError(result, "", 6, 14, "found undefined alias nowhere");
    }

    @Test
    void billionLaughsAliasBombIsRejectedQuicklyAtTheFirstAliasOverTheLimit() {
        StringBuilder bomb = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char level = 'b'; level <= 'i'; level++) {
            String previous = "*" + (char) (level - 1);
            bomb.append(level).append(": &").append(level).append(" [")
                    .append(IntStream.range(0, 9).mapToObj(i -> previous).collect(Collectors.joining(",")))
                    .append("]\n");
        }

        ManifestResult result = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> ManifestReader.read(bomb.toString()));

        // Aliases 1-45 sit on lines b..f; the 51st is the sixth on line g ("g: &g [" then "*f," each).
        assertOnlyError(result, "", 7, 23, "too many aliases");
    }

    @Test
    void aliasBombWithinTheAliasLimitIsNotExpandedByTheReader() {
        StringBuilder bomb = new StringBuilder("x0: &x0 [lol, lol, lol, lol, lol, lol, lol]\n");
        for (int level = 1; level <= 7; level++) {
            String previous = "*x" + (level - 1);
            bomb.append("x").append(level).append(": &x").append(level).append(" [")
                    .append(IntStream.range(0, 7).mapToObj(i -> previous).collect(Collectors.joining(", ")))
                    .append("]\n");
        }
        String yaml = "apiVersion: packops/v1\nextra:\n" + bomb.toString().indent(2) + "dashboards: *x7\n";

        ManifestResult result = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> ManifestReader.read(yaml));

        assertThat(result.errors()).extracting(ManifestError::path).contains("extra", "dashboards[0]");
    }

    @Test
    void controlCharacterIsReportedWithItsPosition() {
        ManifestResult result = ManifestReader.read(HEADER + "description: bell\u0007\n");

        assertOnlyError(result, "", 6, 18, "the control character U+0007 is not allowed");
    }

    @Test
    void fileOverTheSizeLimitIsRejectedWithoutParsing() {
        String huge = HEADER + "description: " + "x".repeat(YamlLoader.MAX_CHARS) + "\n";

        assertOnlyError(ManifestReader.read(huge), "", 1, 1, "the manifest is too large");
    }

    @Test
    void failingReaderIsTheCallersProblemNotAManifestError() {
        Reader broken = new Reader() {
            @Override
            public int read(char[] buffer, int offset, int length) throws IOException {
                throw new IOException("disk on fire");
            }

            @Override
            public void close() {
            }
        };

        assertThatThrownBy(() -> ManifestReader.read(broken)).isInstanceOf(UncheckedIOException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "name: demo\n  version: 1\n",
            "name: 'demo\n",
            "a:\n\t- b\n",
            "a: [1, 2\n",
            "a: {b: 1\n",
            "a: *missing\n",
            "? [complex]\n: value\n",
            "a: !!python/object/apply:os.system [\"ls\"]\n",
            "%YAML 9.9\n---\na: 1\n",
            "a: b: c\n",
            "- a\nb: c\n",
    })
    void malformedYamlNeverLeaksJavaNamesOrThrows(String yaml) {
        ManifestResult result = ManifestReader.read(yaml);

        assertThat(result.isValid()).isFalse();
        assertThat(result.errors()).allSatisfy(error -> {
            assertThat(error.line()).isPositive();
            assertThat(error.column()).isPositive();
            assertThat(error.message()).isNotBlank().doesNotContain("org.yaml", "java.", "Exception", "\\t(TAB)");
        });
    }
}
