package io.peerhub.peer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The floor plan, read from the sources: webrtc-java stays in {@code rtc}, so that transfers,
 * the mesh and the drop can be tested in memory without the native library.
 */
class PackagesTest {

    static final Path SOURCES = Path.of("src", "main", "java", "io", "peerhub", "peer");

    @Test
    void no_file_under_the_transfer_packages_imports_webrtc_or_the_rtc_package() {
        assertThat(filesImporting(SOURCES.resolve("transfer"), "dev.onvoid.webrtc")).isEmpty();
        assertThat(filesImporting(SOURCES.resolve("transfer"), "io.peerhub.peer.rtc")).isEmpty();
    }

    @Test
    void only_the_rtc_package_imports_webrtc() {
        List<Path> importing = filesImporting(SOURCES, "dev.onvoid.webrtc");

        assertThat(importing).as("the check reads the sources").isNotEmpty();
        assertThat(importing).allSatisfy(p -> assertThat(SOURCES.relativize(p).getName(0).toString()).isEqualTo("rtc"));
    }

    @Test
    void the_features_reach_the_connection_only_through_the_mesh() {
        for (String feature : List.of("mesh", "chat", "transfer", "drop", "docs", "signaling", "share")) {
            assertThat(filesImporting(SOURCES.resolve(feature), "io.peerhub.peer.rtc")).as(feature).isEmpty();
        }
    }

    @Test
    void the_in_memory_tests_and_their_kit_never_touch_webrtc() {
        Path tests = Path.of("src", "test", "java", "io", "peerhub", "peer");
        List<Path> inMemory = filesImporting(tests, "MemoryNetwork");
        inMemory.addAll(filesImporting(tests.resolve("mesh"), "MemoryGate"));
        inMemory.removeIf(p -> p.endsWith("PackagesTest.java"));

        assertThat(inMemory).as("the check finds the in-memory tests").hasSizeGreaterThanOrEqualTo(5);
        for (String webrtc : List.of("dev.onvoid.webrtc", "io.peerhub.peer.rtc", "RtcRuntime", "PeerNode", "Stage")) {
            assertThat(inMemory).as(webrtc).noneMatch(p -> imports(p, webrtc));
        }
    }

    static List<Path> filesImporting(Path root, String prefix) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".java")).filter(p -> imports(p, prefix)).sorted()
                    .collect(Collectors.toCollection(ArrayList::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An import or a fully qualified name of {@code name}'s package, or a use of the class {@code name}. */
    private static boolean imports(Path file, String name) {
        try {
            String text = Files.readString(file);
            return Character.isUpperCase(name.charAt(0))
                    ? Pattern.compile("\\b" + name + "\\b").matcher(text).find()
                    : text.contains(name + ".");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
