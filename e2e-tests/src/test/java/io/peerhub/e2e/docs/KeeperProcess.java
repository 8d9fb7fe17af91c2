package io.peerhub.e2e.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One {@code peerhub-peer} command ({@code keep}, {@code export}) as its own process, the way
 * people run it: the packaged {@code native-peer/target/peerhub-peer.jar}, else the same main
 * class from the test classpath. Output goes to a file the story can read.
 */
final class KeeperProcess implements AutoCloseable {

    private static final Path JAR = Path.of("..", "native-peer", "target", "peerhub-peer.jar");

    private final Process process;
    private final Path output;

    private KeeperProcess(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    static KeeperProcess start(Path output, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (Files.isRegularFile(JAR)) {
            cmd.addAll(List.of("-jar", JAR.toString()));
        } else {
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.peerhub.peer.cli.Main"));
        }
        cmd.addAll(List.of(args));
        try {
            return new KeeperProcess(new ProcessBuilder(cmd).redirectErrorStream(false)
                    .redirectOutput(output.toFile())
                    .redirectError(output.resolveSibling(output.getFileName() + ".err").toFile()).start(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code export} to the end and returns what it printed (the document's text). */
    static String export(Path dir, Path docs, String doc) throws InterruptedException {
        Path out = dir.resolve("export-" + System.nanoTime() + ".txt");
        try (KeeperProcess p = start(out, "export", "--docs", docs.toString(), "--doc", doc)) {
            if (!p.process.waitFor(60, TimeUnit.SECONDS)) {
                throw new AssertionError("export still running");
            }
            if (p.process.exitValue() != 0) {
                throw new AssertionError("export failed: " + p.errors());
            }
            return p.output();
        }
    }

    String output() {
        try {
            return Files.readString(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    String errors() {
        try {
            return Files.readString(output.resolveSibling(output.getFileName() + ".err"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** SIGTERM, as systemd stops it; then waits for the clean exit. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
