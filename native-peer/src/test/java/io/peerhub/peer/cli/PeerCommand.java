package io.peerhub.peer.cli;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * One {@code peerhub-peer} command as its own process, always from the test classpath (a
 * {@code target/peerhub-peer.jar} may be left from an earlier build and test older code). Its
 * output is read from a pipe, not a file, so the disk writes {@code /proc/<pid>/io} counts for it
 * are its own: the drop's folder, not its log. The output is kept in memory for the test to read.
 */
final class PeerCommand implements AutoCloseable {

    private final Process process;
    private final StringBuffer output = new StringBuffer();
    private final Thread reader;

    private PeerCommand(Process process) {
        this.process = process;
        this.reader = new Thread(() -> copy(process.getInputStream()), "output-of-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code args} (a command and its options) in a JVM with {@code jvmOptions}. */
    static PeerCommand start(Path configHome, List<String> jvmOptions, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.peerhub.peer.cli.Main"));
        cmd.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(cmd).redirectErrorStream(true);
        // Its default identity file goes there, never into the home of whoever runs the tests.
        builder.environment().put("XDG_CONFIG_HOME", configHome.toString());
        try {
            return new PeerCommand(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void copy(InputStream in) {
        byte[] buf = new byte[8192];
        try {
            for (int n; (n = in.read(buf)) > 0; ) {
                output.append(new String(buf, 0, n, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // the process is gone
        }
    }

    String output() {
        return output.toString();
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    void awaitOutput(String text, Duration within) {
        await().atMost(within).until(() -> output().contains(text) || !process.isAlive());
        if (!output().contains(text)) {
            throw new AssertionError("exited before printing \"" + text + "\":\n" + output());
        }
    }

    int waitForExit(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("still running after " + seconds + " s:\n" + output());
        }
        return process.exitValue();
    }

    /** The kernel's I/O counters of the process ({@code write_bytes}: bytes it made the disk write). */
    Map<String, Long> io() throws IOException {
        Map<String, Long> io = new TreeMap<>();
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "io"))) {
            String[] kv = line.split(":\\s*");
            io.put(kv[0], Long.parseLong(kv[1].trim()));
        }
        return io;
    }

    /** SIGTERM, as systemd stops a service; then waits for the clean exit (killed after 20 s). */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        reader.join(5_000);
    }
}
