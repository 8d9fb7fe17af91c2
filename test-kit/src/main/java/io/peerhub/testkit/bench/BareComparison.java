package io.peerhub.testkit.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * A Peerhub transfer measured against a bare data channel that does the least the same bytes need,
 * in alternating rounds of one run, so that both see the same machine load (two shared cores swing
 * by tens of percent from minute to minute; only the ratio travels). Reported as medians and
 * per-round ratios in MiB/s, printed as a {@code BENCHMARK} line and written to
 * {@code target/benchmarks/}. A measurement, never a pass/fail test. (The Java receiving end of the
 * bare channel is native-peer's {@code BareReceiver}: it needs webrtc-java, which the kit does not.)
 */
public final class BareComparison {

    /** What one round sends: {@code -Dbench.mib}, 200 MiB by default. */
    public static final long BYTES = Long.getLong("bench.mib", 200) << 20;
    /** Measured rounds of each kind: {@code -Dbench.rounds}, 3 by default. */
    public static final int ROUNDS = Integer.getInteger("bench.rounds", 3);

    /** One round: sends {@link #BYTES} and says how fast, in MiB/s. */
    @FunctionalInterface
    public interface Round {
        double mibPerSecond(int round) throws Exception;
    }

    private final List<Double> bare = new ArrayList<>();
    private final List<Double> peerhub = new ArrayList<>();

    private BareComparison() {}

    /** {@link #ROUNDS} rounds of each, alternating, bare first; warm-ups are the caller's. */
    public static BareComparison run(Round bare, Round peerhub) throws Exception {
        BareComparison c = new BareComparison();
        for (int i = 0; i < ROUNDS; i++) {
            c.bare.add(bare.mibPerSecond(i));
            c.peerhub.add(peerhub.mibPerSecond(i));
        }
        return c;
    }

    /** MiB/s of {@code bytes} sent in {@code nanos}. */
    public static double mibPerSecond(long bytes, long nanos) {
        return (bytes / (double) (1 << 20)) / (nanos / 1e9);
    }

    /**
     * Prints and writes {@code target/benchmarks/FILE}: "{@code title}, N MiB, R rounds: {@code bareName}
     * median … ; {@code peerhubName} median … ; ratio of medians …; median of per-round ratios …".
     */
    public String report(String title, String bareName, String peerhubName, String file) {
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < bare.size(); i++) {
            ratios.add(peerhub.get(i) / bare.get(i));
        }
        double b = median(bare);
        double p = median(peerhub);
        String report = String.format(Locale.ROOT,
                "%s, %d MiB, %d rounds: %s median %.1f MiB/s %s; %s median %.1f MiB/s %s; ratio of medians %.2f; "
                        + "median of per-round ratios %.2f %s; loadavg after: %s",
                title, BYTES >> 20, ROUNDS, bareName, b, fmt(bare), peerhubName, p, fmt(peerhub), p / b,
                median(ratios), fmt(ratios), loadAverage());
        System.out.println("BENCHMARK " + report);
        try {
            Path dir = Files.createDirectories(Path.of("target", "benchmarks"));
            Files.writeString(dir.resolve(file), report + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return report;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        return s.get(s.size() / 2);
    }

    private static String fmt(List<Double> xs) {
        return xs.stream().map(x -> String.format(Locale.ROOT, x < 10 ? "%.2f" : "%.1f", x)).toList().toString();
    }
}
