package io.peerhub.peer.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TextPositionsTest {

    private static final String TEXT = "a😀b👩‍👩‍👧e\u0301";

    @Test
    void utf16_positions_become_code_point_positions_and_back() {
        assertThat(TextPositions.toCodePoints(TEXT, 0)).isZero();
        assertThat(TextPositions.toCodePoints(TEXT, 1)).isEqualTo(1);
        assertThat(TextPositions.toCodePoints(TEXT, 3)).isEqualTo(2); // after 😀 (2 units, 1 code point)
        assertThat(TextPositions.toCodePoints(TEXT, TEXT.length())).isEqualTo(TEXT.codePointCount(0, TEXT.length()));
        for (int cp = 0; cp <= TEXT.codePointCount(0, TEXT.length()); cp++) {
            assertThat(TextPositions.toCodePoints(TEXT, TextPositions.toUtf16(TEXT, cp))).isEqualTo(cp);
        }
    }

    @Test
    void a_position_inside_a_surrogate_pair_moves_to_the_start_of_its_character() {
        assertThat(TextPositions.toCodePoints(TEXT, 2)).isEqualTo(1);
    }

    @Test
    void positions_outside_the_text_are_refused() {
        assertThatThrownBy(() -> TextPositions.toCodePoints(TEXT, TEXT.length() + 1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> TextPositions.toUtf16(TEXT, -1)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
