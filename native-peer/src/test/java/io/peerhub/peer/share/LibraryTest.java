package io.peerhub.peer.share;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LibraryTest {

    @TempDir
    Path tmp;

    private Path write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    private static String sha(String text) throws IOException {
        Path f = Files.createTempFile("sha", ".txt");
        try {
            return HashCache.sha256(Files.writeString(f, text));
        } finally {
            Files.delete(f);
        }
    }

    private static List<String> keys(Catalogue c) {
        return c.files().stream().map(SharedFile::key).toList();
    }

    private static void awaitHashed(Library library) {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> library.catalogue().files().stream().allMatch(f -> f.sha256() != null));
    }

    @Test
    void lists_the_files_of_nested_folders_with_size_time_and_hash() throws IOException {
        Path dir = tmp.resolve("share");
        write(dir.resolve("readme.txt"), "hello");
        write(dir.resolve("tools/linux/setup.sh"), "echo setup");
        Files.setLastModifiedTime(dir.resolve("readme.txt"), FileTime.fromMillis(1_700_000_000_000L));
        try (Library library = new Library(dir, new HashCache(null)).start()) {
            awaitHashed(library);
            Catalogue c = library.catalogue();
            assertThat(keys(c)).containsExactly("readme.txt", "tools/linux/setup.sh");
            SharedFile readme = c.lookup(List.of("readme.txt")).orElseThrow();
            assertThat(readme.size()).isEqualTo(5);
            assertThat(readme.modifiedMillis()).isEqualTo(1_700_000_000_000L);
            assertThat(readme.sha256()).isEqualTo(sha("hello"));
            SharedFile setup = c.lookup(List.of("tools", "linux", "setup.sh")).orElseThrow();
            assertThat(setup.folder()).isEqualTo("tools/linux");
            assertThat(setup.name()).isEqualTo("setup.sh");
            assertThat(c.bytes()).isEqualTo(5 + 10);
        }
    }

    @Test
    void nothing_outside_the_folder_dotfiles_or_a_drops_staging_is_listed() throws IOException {
        Path outside = write(tmp.resolve("secret/passwords.txt"), "hunter2");
        Path dir = tmp.resolve("share");
        write(dir.resolve("ok.txt"), "fine");
        write(dir.resolve(".env"), "TOKEN=1");
        write(dir.resolve(".git/config"), "[core]");
        write(dir.resolve(".partial/abc/0.part"), "half");
        Files.createSymbolicLink(dir.resolve("link-out.txt"), outside);
        Files.createSymbolicLink(dir.resolve("link-in.txt"), dir.resolve("ok.txt"));
        Files.createSymbolicLink(dir.resolve("secret-folder"), outside.getParent());
        Files.createLink(dir.resolve("hard-out.txt"), outside);
        Files.createLink(dir.resolve("hard-in.txt"), dir.resolve("ok.txt"));
        try (Library library = new Library(dir, new HashCache(null)).start()) {
            assertThat(keys(library.catalogue())).containsExactly("hard-in.txt", "ok.txt");
            assertThat(library.serve(List.of("..", "secret", "passwords.txt")).join()).isEmpty();
            assertThat(library.serve(List.of("link-out.txt")).join()).isEmpty();
            assertThat(library.serve(List.of("secret-folder", "passwords.txt")).join()).isEmpty();
            assertThat(library.serve(List.of(outside.toString())).join()).isEmpty();
        }
    }

    @Test
    void a_search_finds_every_word_anywhere_in_the_path_in_any_case_a_page_at_a_time() throws IOException {
        Path dir = tmp.resolve("share");
        for (int i = 0; i < 30; i++) {
            write(dir.resolve("Installers/v" + i + "/Setup-" + i + ".EXE"), "x".repeat(i));
        }
        write(dir.resolve("docs/setup guide.pdf"), "guide");
        try (Library library = new Library(dir, new HashCache(null)).start()) {
            Catalogue c = library.catalogue();
            assertThat(c.search("setup", 0, 100).total()).isEqualTo(31);
            assertThat(c.search("installers exe", 0, 100).total()).isEqualTo(30);
            assertThat(c.search("  GUIDE  ", 0, 100).files()).extracting(SharedFile::key).containsExactly("docs/setup guide.pdf");
            assertThat(c.search("nothing-like-it", 0, 100).total()).isZero();
            Catalogue.Page first = c.search("", 0, 10);
            Catalogue.Page last = c.search("", 30, 10);
            assertThat(first.total()).isEqualTo(31);
            assertThat(first.files()).hasSize(10);
            assertThat(last.files()).hasSize(1);
            assertThat(c.lookup(List.of("docs/setup guide.pdf"))).as("a joined path is not a path").isEmpty();
        }
    }

    @Test
    void a_change_in_the_folder_shows_in_the_catalogue_without_a_restart() throws IOException {
        Path dir = tmp.resolve("share");
        write(dir.resolve("old.txt"), "old");
        try (Library library = new Library(dir, new HashCache(null)).start()) {
            assertThat(keys(library.catalogue())).containsExactly("old.txt");
            write(dir.resolve("new/deep/new.txt"), "new");
            Files.delete(dir.resolve("old.txt"));
            await().atMost(Duration.ofSeconds(10)).until(() -> keys(library.catalogue()).equals(List.of("new/deep/new.txt")));
            awaitHashed(library);
            write(dir.resolve("new/deep/newer.txt"), "newer");
            await().atMost(Duration.ofSeconds(10)).until(() -> library.catalogue().lookup(List.of("new", "deep", "newer.txt")).isPresent());
        }
    }

    @Test
    void a_file_changed_after_it_was_listed_is_hashed_again_before_it_is_served() throws IOException {
        Path dir = tmp.resolve("share");
        Path file = write(dir.resolve("report.txt"), "version 1");
        try (Library library = new Library(dir, new HashCache(null)).start()) {
            awaitHashed(library);
            Files.writeString(file, "version two, longer");
            Optional<SharedFile> served = library.serve(List.of("report.txt")).join();
            assertThat(served).isPresent();
            assertThat(served.get().sha256()).isEqualTo(sha("version two, longer"));
            assertThat(served.get().size()).isEqualTo("version two, longer".length());
        }
    }

    @Test
    void a_file_swapped_for_a_link_after_it_was_listed_is_not_served() throws IOException {
        Path outside = write(tmp.resolve("secret.txt"), "secret");
        Path dir = tmp.resolve("share");
        Path file = write(dir.resolve("a/report.txt"), "report");
        try (Library library = new Library(dir, new HashCache(null)).start()) {
            assertThat(library.catalogue().lookup(List.of("a", "report.txt"))).isPresent();
            Files.delete(file);
            Files.createSymbolicLink(file, outside);
            assertThat(library.serve(List.of("a", "report.txt")).join()).isEmpty();
        }
    }

    @Test
    void a_folder_on_the_way_swapped_for_a_link_after_the_scan_is_not_followed() throws IOException {
        Path outside = write(tmp.resolve("elsewhere/report.txt"), "not shared");
        Path dir = tmp.resolve("share");
        write(dir.resolve("a/report.txt"), "report");
        try (Library library = new Library(dir, new HashCache(null)).start()) {
            assertThat(library.catalogue().lookup(List.of("a", "report.txt"))).isPresent();
            Files.delete(dir.resolve("a/report.txt"));
            Files.delete(dir.resolve("a"));
            Files.createSymbolicLink(dir.resolve("a"), outside.getParent());
            assertThat(library.serve(List.of("a", "report.txt")).join()).isEmpty();
        }
    }

    @Test
    void hashes_are_kept_across_restarts_by_path_size_and_time() throws IOException {
        Path dir = tmp.resolve("share");
        write(dir.resolve("a.txt"), "aaa");
        write(dir.resolve("b.txt"), "bbb");
        Path cacheFile = tmp.resolve("cache/share.jsonl");
        HashCache first = new HashCache(cacheFile);
        try (Library library = new Library(dir, first).start()) {
            awaitHashed(library);
        }
        assertThat(first.computed()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(cacheFile));

        Files.writeString(dir.resolve("b.txt"), "bbbb");
        Files.writeString(cacheFile, "not json\n{\"path\":1}\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        HashCache second = new HashCache(cacheFile);
        try (Library library = new Library(dir, second).start()) {
            awaitHashed(library);
            assertThat(library.catalogue().lookup(List.of("a.txt")).orElseThrow().sha256()).isEqualTo(sha("aaa"));
            assertThat(library.catalogue().lookup(List.of("b.txt")).orElseThrow().sha256()).isEqualTo(sha("bbbb"));
        }
        assertThat(second.computed()).as("only the changed file is hashed again").isEqualTo(1);
    }
}
