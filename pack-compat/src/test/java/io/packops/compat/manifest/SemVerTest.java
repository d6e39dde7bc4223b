package io.packops.compat.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SemVerTest {

    @Test
    void specExampleOrderingHolds() {
        List<String> specOrder = List.of("1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta",
                "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0");
        List<SemVer> shuffled = new ArrayList<>(specOrder.stream().map(SemVer::parse).toList());
        Collections.shuffle(shuffled, new Random(11));

        Collections.sort(shuffled);

        assertThat(shuffled).extracting(SemVer::toString).containsExactlyElementsOf(specOrder);
    }

    @Test
    void coreNumbersCompareNumericallyNotAsText() {
        assertThat(SemVer.parse("1.9.0")).isLessThan(SemVer.parse("1.10.0"));
        assertThat(SemVer.parse("1.10.0")).isLessThan(SemVer.parse("2.0.0"));
        assertThat(SemVer.parse("2.1.1")).isLessThan(SemVer.parse("2.1.10"));
    }

    @Test
    void numericPreReleaseIdentifiersSortBeforeAlphanumericOnesAndCompareAtAnySize() {
        assertThat(SemVer.parse("1.0.0-1")).isLessThan(SemVer.parse("1.0.0-a"));
        assertThat(SemVer.parse("1.0.0-99999999999999999999")).isLessThan(SemVer.parse("1.0.0-100000000000000000000"));
        assertThat(SemVer.parse("1.0.0-Z")).as("ASCII order: upper before lower").isLessThan(SemVer.parse("1.0.0-a"));
    }

    @Test
    void buildMetadataIsIgnoredInPrecedenceButKeptInEquality() {
        SemVer a = SemVer.parse("1.0.0+build.1");
        SemVer b = SemVer.parse("1.0.0+build.2");

        assertThat(a.compareTo(b)).isZero();
        assertThat(a).isNotEqualTo(b);
        assertThat(a.build()).containsExactly("build", "1");
        assertThat(SemVer.parse("1.0.0-rc.1+exp").compareTo(SemVer.parse("1.0.0"))).isNegative();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.4", "1.2.3", "10.20.30", "1.1.2-prerelease+meta", "1.0.0-alpha+001",
            "1.0.0+20130313144700", "1.0.0-beta+exp.sha.5114f85", "1.0.0+21AF26D3----117B344092BD",
            "1.0.0-alpha.0valid", "1.0.0-rc.1+build.1", "2.0.0-x.7.z.92", "1.0.0-0A.is.legal"})
    void officialValidExamplesParseAndRoundTrip(String text) {
        SemVer version = SemVer.parse(text);

        assertThat(version.toString()).isEqualTo(text);
        assertThat(SemVer.isValid(text)).isTrue();
        assertThat(SemVer.semverError(text)).isNull();
    }

    @Test
    void partsAreExposed() {
        SemVer version = SemVer.parse("2.10.3-rc.1+sha.abc");

        assertThat(version).isEqualTo(new SemVer(2, 10, 3, List.of("rc", "1"), List.of("sha", "abc")));
        assertThat(version.isPreRelease()).isTrue();
        assertThat(SemVer.of(1, 4, 0).isPreRelease()).isFalse();
        assertThat(SemVer.of(1, 4, 0)).hasToString("1.4.0");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "01.0.0        | version number '01' has a leading zero",
            "1.02.0        | version number '02' has a leading zero",
            "1.0.00        | version number '00' has a leading zero",
            "1.0.0-01      | the numeric pre-release identifier '01' has a leading zero",
            "1.0.0-rc.007  | the numeric pre-release identifier '007' has a leading zero",
    })
    void leadingZerosAreRejected(String text, String reason) {
        assertThat(SemVer.semverError(text)).isEqualTo("'" + text + "' is not a semantic version: " + reason);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "1.4           | expected MAJOR.MINOR.PATCH",
            "1             | expected MAJOR.MINOR.PATCH",
            "1.2.3.4       | expected MAJOR.MINOR.PATCH",
            "1.2.x         | expected MAJOR.MINOR.PATCH",
            "v1.4.0        | drop the leading 'v' (write 1.4.0)",
            "1.0.0-        | the pre-release has an empty identifier",
            "1.0.0-a..b    | the pre-release has an empty identifier",
            "1.0.0+        | the build metadata has an empty identifier",
            "1.0.0-rc_1    | the pre-release identifier 'rc_1' may only use letters, digits and '-'",
            "1.0.0+b@d     | the build metadata identifier 'b@d' may only use letters, digits and '-'",
            "' 1.0.0'      | expected MAJOR.MINOR.PATCH",
    })
    void invalidVersionsAreExplained(String text, String reason) {
        assertThat(SemVer.isValid(text)).isFalse();
        assertThat(SemVer.tryParse(text)).isEmpty();
        assertThat(SemVer.semverError(text)).contains(reason);
        assertThatThrownBy(() -> SemVer.parse(text)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(reason);
    }

    @Test
    void coreNumberBeyondLongIsRejectedRatherThanOverflowing() {
        assertThat(SemVer.semverError("99999999999999999999.0.0")).contains("a number is larger than");
    }

    @Test
    void emptyVersionIsRejected() {
        assertThat(SemVer.semverError("")).isEqualTo("a version must not be empty");
        assertThat(SemVer.semverError(null)).isEqualTo("a version must not be empty");
    }

    @Test
    void constructorRejectsIdentifiersTheGrammarForbids() {
        assertThatThrownBy(() -> new SemVer(1, 0, 0, List.of("01"), List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SemVer(1, 0, 0, List.of(), List.of(""))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SemVer(-1, 0, 0, List.of(), List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
