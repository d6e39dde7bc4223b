package io.packops.compat.schema;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class TypeFamiliesTest {

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @CsvFileSource(resources = "/schema/type-families.csv", delimiter = '|')
    void mapsWarehouseSpellingToFamily(String warehouse, String type, String family) {
        assertThat(TypeFamilies.familyOf(type).wireName()).isEqualTo(family);
    }

    @ParameterizedTest
    @ValueSource(strings = {"  Character   Varying ( 100 ) ", "\tTEXT\n", "VarChar", "\"char\""})
    void ignoresCaseWhitespaceAndQuotes(String type) {
        assertThat(TypeFamilies.familyOf(type)).isEqualTo(TypeFamily.STRING);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "unknown", "UNKNOWN"})
    void missingTypeIsUnknown(String type) {
        assertThat(TypeFamilies.familyOf(type)).isEqualTo(TypeFamily.UNKNOWN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"(", ")", "<<>", "NUMBER(", "NUMBER(,)", "NUMBER(38,", "decimal(a,b)", "[]", "[",
            "]", "integer)(", "\u0000", "numeric(\u0663)"})
    void neverThrowsOnGarbage(String type) {
        assertThat(TypeFamilies.familyOf(type)).isNotNull();
    }

    @Test
    void scaleZeroOnlyCountsWhenDeclared() {
        assertThat(TypeFamilies.familyOf("NUMBER(38,0)")).isEqualTo(TypeFamily.INTEGER);
        assertThat(TypeFamilies.familyOf("NUMBER(38,00)")).isEqualTo(TypeFamily.INTEGER);
        assertThat(TypeFamilies.familyOf("NUMBER(38,1)")).isEqualTo(TypeFamily.NUMERIC);
        assertThat(TypeFamilies.familyOf("numeric")).isEqualTo(TypeFamily.NUMERIC);
    }

    @Test
    void longInputIsHandled() {
        assertThat(TypeFamilies.familyOf("varchar(" + "9".repeat(100_000) + ")")).isEqualTo(TypeFamily.STRING);
        assertThat(TypeFamilies.familyOf("(".repeat(100_000))).isEqualTo(TypeFamily.UNKNOWN);
    }
}
