package io.peerhub.e2e.drop;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One {@code peerhub-peer} command as its own process, the way people run it: the packaged
 * {@code native-peer/target/peerhub-peer.jar} when it is there, else the same main class from the
 * test classpath. Its output (logs and transcript) goes to a file the story can read.
 */
final class PeerProcess implements AutoCloseable {

    private static final Path JAR = Path.of("..", "native-peer", "target", "peerhub-peer.jar");

    private final Process process;
    private final Path output;

    private PeerProcess(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    static PeerProcess start(Path output, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (Files.isRegularFile(JAR)) {
            cmd.addAll(List.of("-jar", JAR.toString()));
        } else {
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.peerhub.peer.cli.Main"));
        }
        cmd.addAll(List.of(args));
        try {
            return new PeerProcess(new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String output() {
        try {
            return Files.readString(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** Types a line on the process's standard input. */
    void typeLine(String line) {
        try {
            OutputStream in = process.getOutputStream();
            in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int waitForExit(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new AssertionError("still running after " + seconds + " s:\n" + output());
        }
        return process.exitValue();
    }

    /** SIGTERM, as systemd stops the drop; then waits for the clean exit. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
