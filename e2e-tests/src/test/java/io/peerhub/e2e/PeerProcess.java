package io.peerhub.e2e;

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
 * test classpath. Its output (logs and transcript) goes to a file the story can read; with
 * {@link #startSplit} its standard error goes to a file of its own (for commands whose standard
 * output is the result, such as {@code export}).
 */
public final class PeerProcess implements AutoCloseable {

    private static final Path JAR = Path.of("..", "native-peer", "target", "peerhub-peer.jar");
    /**
     * The peer's own logging config. On the test classpath the server's logback.xml may be found
     * first, and it sends warnings to standard output where the peer sends them to standard
     * error (stories read the peer's errors there).
     */
    private static final Path LOGBACK = Path.of("..", "native-peer", "src", "main", "resources", "logback.xml");

    private final Process process;
    private final Path output;

    private PeerProcess(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    /** Starts a command; standard output and standard error both go to {@code output}. */
    public static PeerProcess start(Path output, String... args) {
        return start(List.of(), output, null, args);
    }

    /** Starts a command; standard error goes to {@code output} + {@code .err}. */
    public static PeerProcess startSplit(Path output, String... args) {
        return start(List.of(), output, errorsOf(output), args);
    }

    /**
     * Starts a command through {@code launcher}, a command prefix that execs what follows (such
     * as {@code ip netns exec NS}: the peer then runs in that network namespace); the process is
     * still the peer's own JVM, so {@link #close} stops it as usual. An empty launcher starts it
     * directly.
     */
    public static PeerProcess startThrough(List<String> launcher, Path output, String... args) {
        return start(launcher, output, null, args);
    }

    private static PeerProcess start(List<String> launcher, Path output, Path errors, String... args) {
        List<String> cmd = new ArrayList<>(launcher);
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (Files.isRegularFile(JAR)) {
            cmd.addAll(List.of("-jar", JAR.toString()));
        } else {
            cmd.add("-Dlogback.configurationFile=" + LOGBACK.toAbsolutePath());
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.peerhub.peer.cli.Main"));
        }
        cmd.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(cmd).redirectOutput(output.toFile());
        // Its default identity file goes next to its output, never into the home of whoever runs the tests.
        builder.environment().put("XDG_CONFIG_HOME", output.toAbsolutePath().getParent().resolve("config").toString());
        if (errors == null) {
            builder.redirectErrorStream(true);
        } else {
            builder.redirectError(errors.toFile());
        }
        try {
            return new PeerProcess(builder.start(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path errorsOf(Path output) {
        return output.resolveSibling(output.getFileName() + ".err");
    }

    /** The process's pid, for reading its CPU time from /proc. */
    public long pid() {
        return process.pid();
    }

    public String output() {
        try {
            return Files.readString(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** What the command wrote to standard error, when started with {@link #startSplit}. */
    public String errors() {
        try {
            return Files.readString(errorsOf(output), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** Types a line on the process's standard input. */
    public void typeLine(String line) {
        try {
            OutputStream in = process.getOutputStream();
            in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int waitForExit(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new AssertionError("still running after " + seconds + " s:\n" + output());
        }
        return process.exitValue();
    }

    /** SIGTERM, as systemd stops a service; then waits for the clean exit. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
