package io.peerhub.server.hostile;

import io.peerhub.testkit.ServerProcess;
import java.time.Duration;
import java.util.List;

/**
 * The socket fuzz and flood of issue 14 as a command: one node in its own JVM with the production
 * defaults (rate and per-address limits as shipped), attacked on loopback while bystanders signal.
 * Not a test: a measurement, bounded in frames and in time, that stops by itself.
 *
 * <pre>
 * mvn -B -q -pl signaling-server -am test-compile dependency:build-classpath -Dnpm.executable=true \
 *     -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
 * cd signaling-server && java -cp target/test-classes:target/classes:$(cat target/test-classpath.txt) \
 *     io.peerhub.server.hostile.SocketFuzzBenchmark
 * </pre>
 * System properties (before -cp): fuzz.frames (120000), fuzz.concurrency (24), fuzz.seconds (240),
 * fuzz.seed (1), fuzz.settle (65: seconds after the attack for the last memory figure, past the
 * resume window and the per-minute address counts), fuzz.timeline, fuzz.nmt, fuzz.jvm (JVM options of the node,
 * space-separated; default {@link #RECOMMENDED_JVM}, empty for a bare JVM).
 */
public final class SocketFuzzBenchmark {

    /** The JVM options docs/operations.md recommends for a node ("Memory"); -Dfuzz.jvm= (empty) runs a bare JVM. */
    static final String RECOMMENDED_JVM = "-Xmx256m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -XX:G1PeriodicGCInterval=10000";

    public static void main(String[] args) throws Exception {
        String jvm = System.getProperty("fuzz.jvm", RECOMMENDED_JVM);
        List<String> jvmOptions = jvm.isBlank() ? List.of() : List.of(jvm.trim().split("\\s+"));
        SocketFuzz.Load load = new SocketFuzz.Load(Integer.getInteger("fuzz.frames", 120_000),
                Integer.getInteger("fuzz.concurrency", 24), 150, 30_000, 2_000, 8,
                Duration.ofSeconds(10), Duration.ofSeconds(Integer.getInteger("fuzz.seconds", 240)),
                Duration.ofSeconds(Integer.getInteger("fuzz.settle", 65)),
                Long.getLong("fuzz.seed", 1));
        try (ServerProcess node = ServerProcess.fromClassPath("fuzz", jvmOptions, List.of())) {
            System.out.println("node JVM options: " + (jvmOptions.isEmpty() ? "(none)" : jvmOptions));
            SocketFuzz.Report report = new SocketFuzz(node, load).run();
            System.out.print(report.text());
            System.out.println("load average after: " + java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim());
        }
        System.exit(0);
    }

    private SocketFuzzBenchmark() {}
}
