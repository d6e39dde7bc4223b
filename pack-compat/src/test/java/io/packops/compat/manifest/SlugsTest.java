package io.packops.compat.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SlugsTest {

    @ParameterizedTest
    @ValueSource(strings = {"stripe", "google_ads", "stripe-revenue", "2024", "a", "0-x_"})
    void lowerCaseLettersDigitsUnderscoresAndDashesAreSlugs(String value) {
        assertThat(Slugs.isSlug(value)).isTrue();
        assertThat(Slugs.slugError(value)).isNull();
    }

    @Test
    void sixtyThreeCharactersAreTheMostASlugMayHave() {
        assertThat(Slugs.slugError("a".repeat(63))).isNull();
        assertThat(Slugs.slugError("a".repeat(64))).contains("it has 64 characters, at most 63 are allowed");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "Stripe        | 'S' is not allowed; use a-z, 0-9, '_' and '-' (slugs are lower-case)",
            "_stripe       | it must start with a lower-case letter or a digit, not '_'",
            "-stripe       | it must start with a lower-case letter or a digit, not '-'",
            "\"stripe ads\"  | a space is not allowed; use a-z, 0-9, '_' and '-'",
            "stripe.v2     | '.' is not allowed; use a-z, 0-9, '_' and '-'",
            "stripé        | 'é' is not allowed; use a-z, 0-9, '_' and '-'",
    })
    void nonSlugsAreExplainedByTheirFirstOffendingCharacter(String value, String reason) {
        assertThat(Slugs.isSlug(value)).isFalse();
        assertThat(Slugs.slugError(value)).isEqualTo("'" + value + "' is not a valid slug: " + reason);
    }

    @Test
    void emptyAndNullAreNotSlugs() {
        assertThat(Slugs.slugError("")).isEqualTo("a slug must not be empty");
        assertThat(Slugs.slugError(null)).isEqualTo("a slug must not be empty");
        assertThat(Slugs.isSlug(null)).isFalse();
    }
}
