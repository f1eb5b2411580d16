package io.invsync.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GlobTest {

    @Test
    void aValueWithoutWildcardsMatchesOnlyItself() {
        assertThat(Glob.matches("TSHIRT-RED", "TSHIRT-RED")).isTrue();
        assertThat(Glob.matches("TSHIRT-RED", "TSHIRT-RED-L")).isFalse();
        assertThat(Glob.matches("TSHIRT.RED", "TSHIRTXRED")).isFalse();
    }

    @Test
    void starMatchesAnyRunAndQuestionMarkOneCharacter() {
        assertThat(Glob.matches("TSHIRT-*", "TSHIRT-")).isTrue();
        assertThat(Glob.matches("TSHIRT-*", "TSHIRT-RED-L")).isTrue();
        assertThat(Glob.matches("TSHIRT-*", "MUG-1")).isFalse();
        assertThat(Glob.matches("*-L", "TSHIRT-RED-L")).isTrue();
        assertThat(Glob.matches("A-?", "A-1")).isTrue();
        assertThat(Glob.matches("A-?", "A-12")).isFalse();
        assertThat(Glob.matches("*R*D*", "TSHIRT-RED")).isTrue();
        assertThat(Glob.matches("*", "")).isTrue();
    }

    @Test
    void aPathologicalPatternStaysLinearInPractice() {
        String value = "a".repeat(256);
        String pattern = "*a".repeat(60) + "b";

        assertThat(Glob.matches(pattern, value)).isFalse();
    }
}
