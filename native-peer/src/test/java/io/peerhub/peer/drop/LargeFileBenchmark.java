package io.peerhub.peer.drop;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerhub.peer.Stage;
import io.peerhub.server.PeerhubServer;
import io.peerhub.server.ServerConfig;
import io.peerhub.testkit.TestFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A 4 GiB file sent with the {@code send} command to a {@code drop} running with {@code -Xmx128m},
 * both as separate processes of the packaged jar; the drop's resident memory is sampled from
 * /proc every 200 ms, and its peak (VmHWM) read before it stops. A measurement, not a test:
 * {@code mvn -pl native-peer -Pbench package} then
 * {@code mvn -pl native-peer -Pbench test -Dtest=LargeFileBenchmark} (-Dbench.gib=N to change the size).
 */
class LargeFileBenchmark {

    static final long BYTES = Long.getLong("bench.gib", 4) << 30;

    @Test
    void four_gib_into_a_drop_with_a_128_mib_heap() throws Exception {
        Path jar = Path.of("target", "peerhub-peer.jar");
        assertThat(jar).as("package the jar first").exists();
        Path work = Files.createTempDirectory("peerhub-large");
        Path inbox = Files.createDirectories(work.resolve("inbox"));
        Path file = TestFiles.randomFile(work.resolve("large.bin"), BYTES, 11);
        String expected = TestFiles.sha256(file);
        PeerhubServer server = PeerhubServer.start(ServerConfig.loopback());
        String room = Stage.newRoom();
        Process drop = null;
        try {
            drop = new ProcessBuilder(java(), "-Xmx128m", "-jar", jar.toString(), "drop", "--server", server.baseUrl(),
                    "--room", room, "--dir", inbox.toString(), "--name", "Drop")
                    .redirectErrorStream(true).redirectOutput(work.resolve("drop.log").toFile()).start();
            long t0 = System.nanoTime();
            Process send = new ProcessBuilder(java(), "-jar", jar.toString(), "send", "--server", server.baseUrl(),
                    "--room", room, "--to", "Drop", file.toString())
                    .redirectErrorStream(true).redirectOutput(work.resolve("send.log").toFile()).start();
            long peak = 0;
            List<Long> samples = new ArrayList<>();
            while (!send.waitFor(200, TimeUnit.MILLISECONDS)) {
                long rss = rssKib(drop.pid(), "VmRSS:");
                samples.add(rss);
                peak = Math.max(peak, rss);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            long hwm = rssKib(drop.pid(), "VmHWM:");
            int exit = send.exitValue();
            drop.destroy();
            int dropExit = drop.waitFor(15, TimeUnit.SECONDS) ? drop.exitValue() : -1;
            String received = TestFiles.sha256(inbox.resolve("large.bin"));
            String report = String.format(Locale.ROOT,
                    "%d GiB Java->Java into a drop with -Xmx128m: send exit %d, drop exit %d, %.0f s (%.1f MiB/s "
                            + "including connect), sha256 %s, drop peak RSS sampled %.0f MiB, VmHWM %.0f MiB, %d samples",
                    BYTES >> 30, exit, dropExit, seconds, (BYTES >> 20) / seconds,
                    received.equals(expected) ? "equal" : "DIFFERENT", peak / 1024.0, hwm / 1024.0, samples.size());
            System.out.println("BENCHMARK " + report);
            Files.createDirectories(Path.of("target", "benchmarks"));
            Files.writeString(Path.of("target", "benchmarks", "java-large-file.md"), report + "\n");
            assertThat(exit).isZero();
            assertThat(received).isEqualTo(expected);
        } finally {
            if (drop != null) {
                drop.destroyForcibly();
            }
            server.close();
            InboxWriter.deleteTree(work);
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static long rssKib(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (Exception e) {
            // the process ended
        }
        return 0;
    }
}
