package io.peerhub.peer.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerhub.peer.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportCommandTest {

    @TempDir
    Path dir;

    @Test
    void export_prints_a_kept_document_by_title_or_id_as_utf8_text_and_fails_for_an_unknown_one() throws Exception {
        Files.write(dir.resolve("notes.automerge"), Fixtures.bytes("notes.automerge"));
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int byTitle;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            byTitle = Main.run("export", "--docs", dir.toString(), "--doc", "Notes");
        } finally {
            System.setOut(original);
        }
        assertThat(byTitle).isZero();
        assertThat(captured.toString(StandardCharsets.UTF_8)).isEqualTo(Fixtures.text("notes.txt"));

        Path out = dir.resolve("out.txt");
        assertThat(Main.run("export", "--docs", dir.toString(), "--doc", "notes", "--out", out.toString())).isZero();
        assertThat(Files.readString(out, StandardCharsets.UTF_8)).isEqualTo(Fixtures.text("notes.txt"));

        assertThat(Main.run("export", "--docs", dir.toString(), "--doc", "Nope")).isEqualTo(1);
    }
}
