package io.peerhub.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The rooms the server's code lives in, read from its sources: transport apart from logic, logic
 * apart from storage. A new import that crosses a wall fails here, not in a review.
 */
@DisplayName("The server's packages")
class PackageRulesTest {

    private static final Path SOURCES = Path.of("src", "main", "java", "io", "peerhub", "server");
    private static final List<String> JETTY = List.of("import io.javalin.", "import org.eclipse.jetty.");
    private static final List<String> REDIS = List.of("import io.lettuce.", "import io.peerhub.server.presence.redis.");

    @Test
    void presence_knows_neither_jetty_nor_the_rooms() {
        assertThat(importsIn("presence", true)).noneMatch(line -> startsWithAny(line, JETTY)
                || line.startsWith("import io.peerhub.server.signaling.")
                || line.startsWith("import io.peerhub.server.transport."));
    }

    @Test
    void the_presence_port_knows_no_redis() {
        assertThat(importsIn("presence", false)).noneMatch(line -> startsWithAny(line, REDIS));
    }

    @Test
    void transport_knows_neither_redis_nor_presence() {
        assertThat(importsIn("transport", true)).noneMatch(line -> startsWithAny(line, REDIS)
                || line.startsWith("import io.peerhub.server.presence."));
    }

    @Test
    void signaling_knows_neither_jetty_nor_redis() {
        assertThat(importsIn("signaling", true)).noneMatch(line -> startsWithAny(line, JETTY) || startsWithAny(line, REDIS));
    }

    @Test
    void every_package_says_its_role_and_threading_rule() {
        for (String pkg : List.of("presence", "presence/redis", "signaling", "transport")) {
            assertThat(SOURCES.resolve(pkg).resolve("package-info.java")).content().contains("Threading:");
        }
    }

    /** The import lines of the package's files, and of its sub-packages' files when {@code deep}. */
    private static List<String> importsIn(String pkg, boolean deep) {
        Path dir = SOURCES.resolve(pkg);
        try (Stream<Path> files = deep ? Files.walk(dir) : Files.list(dir)) {
            List<String> imports = files.filter(f -> f.toString().endsWith(".java"))
                    .flatMap(PackageRulesTest::lines)
                    .map(String::strip)
                    .filter(line -> line.startsWith("import "))
                    .toList();
            assertThat(imports).as("imports found under " + dir).isNotEmpty();
            return imports;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Stream<String> lines(Path file) {
        try {
            return Files.readAllLines(file).stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean startsWithAny(String line, List<String> prefixes) {
        return prefixes.stream().anyMatch(line::startsWith);
    }
}
