package io.peerhub.peer.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SafeNamesTest {

    @Test
    void separators_and_control_characters_become_underscores() {
        assertThat(SafeNames.component("../../escape.txt")).isEqualTo("_.._escape.txt");
        assertThat(SafeNames.component("a\u0000b:c\\d")).isEqualTo("a_b_c_d");
        assertThat(SafeNames.component("\u001b[31mred")).isEqualTo("_[31mred");
        assertThat(SafeNames.component("x\u202Eexe.txt")).isEqualTo("x_exe.txt");
    }

    @Test
    void dots_and_spaces_are_trimmed_and_an_empty_name_becomes_unnamed() {
        assertThat(SafeNames.component("  .hidden. ")).isEqualTo("hidden");
        assertThat(SafeNames.component("tab\t")).isEqualTo("tab_");
        assertThat(SafeNames.component("...")).isEqualTo("unnamed");
    }

    @Test
    void reserved_device_names_get_an_underscore() {
        assertThat(SafeNames.component("CON")).isEqualTo("CON_");
        assertThat(SafeNames.component("nul.tar.gz")).isEqualTo("nul.tar_.gz");
        assertThat(SafeNames.component("COM\u00b9")).isEqualTo("COM\u00b9_");
        assertThat(SafeNames.component("console.txt")).isEqualTo("console.txt");
    }

    @Test
    void long_names_are_cut_at_a_character_boundary_keeping_the_extension() {
        String cut = SafeNames.component("é".repeat(200) + ".txt");
        assertThat(cut).endsWith(".txt");
        assertThat(cut.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(255);
        assertThat(SafeNames.component("😀".repeat(100)).getBytes(StandardCharsets.UTF_8).length).isEqualTo(252);
    }

    @Test
    void numbered_names_go_before_the_extension() {
        assertThat(SafeNames.numbered("report.pdf", 2)).isEqualTo("report (2).pdf");
        assertThat(SafeNames.numbered("README", 1)).isEqualTo("README (1)");
    }
}
