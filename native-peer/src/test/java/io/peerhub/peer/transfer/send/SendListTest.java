package io.peerhub.peer.transfer.send;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerhub.protocol.peer.FileEntry;
import io.peerhub.protocol.peer.Manifest;
import io.peerhub.protocol.peer.TransferIds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a sender offers for the files and folders it is given, on real files. */
class SendListTest {

    @TempDir
    Path tmp;

    @Test
    void sources_that_would_share_a_path_are_all_sent_the_later_ones_numbered_as_the_drop_numbers_a_clash()
            throws IOException {
        Path a = write("a/same.txt", "a");
        Path b = write("b/same.txt", "bb");
        Path c = write("c/same (1).txt", "ccc");
        Path d = write("d/same.txt", "dddd");
        Path folder = write("x/photos/p.jpg", "p").getParent();
        Path again = write("y/photos/p.jpg", "q").getParent();

        SendList list = SendList.of(List.of(a, b, c, d, folder, again));

        assertThat(list.entries()).extracting(FileEntry::path).containsExactly(
                List.of("same.txt"), List.of("same (1).txt"), List.of("same (1) (1).txt"), List.of("same (2).txt"),
                List.of("photos", "p.jpg"), List.of("photos", "p (1).jpg"));
        assertThat(list.entries()).extracting(FileEntry::size).containsExactly(1L, 2L, 3L, 4L, 1L, 1L);
        assertThat(list.sources()).containsExactly(a.toAbsolutePath(), b.toAbsolutePath(), c.toAbsolutePath(),
                d.toAbsolutePath(), folder.resolve("p.jpg").toAbsolutePath(), again.resolve("p.jpg").toAbsolutePath());
        // The receiver's own rules accept it: no path twice.
        Manifest.validate(TransferIds.newId(), list.entries(), list.entries().size(), 12);
    }

    @Test
    void names_that_differ_only_in_their_unicode_form_count_as_one_as_the_receiver_counts_them() throws IOException {
        Path composed = write("a/caf\u00e9.txt", "1");
        Path decomposed = write("b/cafe\u0301.txt", "2");

        SendList list = SendList.of(List.of(composed, decomposed));

        assertThat(list.entries()).extracting(e -> e.path().get(0)).containsExactly("caf\u00e9.txt", "cafe\u0301 (1).txt");
    }

    private Path write(String path, String content) throws IOException {
        Path p = tmp.resolve(path);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, content);
    }
}
