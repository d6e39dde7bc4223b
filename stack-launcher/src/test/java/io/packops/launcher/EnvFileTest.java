package io.packops.launcher;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnvFileTest {

    @Test
    void namesAndValuesInOrderWithoutCommentsOrBlankLines() {
        assertThat(EnvFile.parse("t.env", "# a comment\n\nB=2s\n  A = x=y \nC=\n"))
                .containsExactly(java.util.Map.entry("B", "2s"), java.util.Map.entry("A", "x=y"), java.util.Map.entry("C", ""));
    }

    @Test
    void aLineWithoutANameIsAnErrorWithItsLineNumber() {
        assertThatThrownBy(() -> EnvFile.parse("t.env", "A=1\n=2\n")).hasMessage("t.env:2: expected NAME=value, found '=2'");
        assertThatThrownBy(() -> EnvFile.parse("t.env", "A=1\nnonsense\n")).hasMessageContaining("t.env:2");
    }

    @Test
    void aMissingResourceIsSaid() {
        assertThatThrownBy(() -> EnvFile.read(EnvFileTest.class, "no-such.env")).hasMessage("resource no-such.env is missing");
    }
}
