package io.peerhub.server.hostile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server process's memory as the machine sees it (resident set, from /proc) and as its JVM sees
 * it (heap in use, from {@code jcmd GC.heap_info}), and a full GC on demand ({@code jcmd GC.run}):
 * what a node holds after an attack is what is left once the garbage is gone.
 */
final class ServerMemory {

    private static final Pattern HEAP_USED = Pattern.compile("total (\\d+)K, used (\\d+)K");

    record Sample(long rssBytes, long heapUsedBytes, long heapCommittedBytes) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "RSS %5.1f MiB, heap %5.1f MiB used of %5.1f MiB committed",
                    rssBytes / 1048576.0, heapUsedBytes / 1048576.0, heapCommittedBytes / 1048576.0);
        }
    }

    private final long pid;

    ServerMemory(long pid) {
        this.pid = pid;
    }

    long rssBytes() {
        return statusKb("VmRSS") * 1024;
    }

    long threads() {
        return statusKb("Threads");
    }

    /** The highest resident set since the process started (the kernel keeps it). */
    long peakRssBytes() {
        return statusKb("VmHWM") * 1024;
    }

    Sample sample() {
        Matcher heap = HEAP_USED.matcher(jcmd("GC.heap_info"));
        long committed = 0;
        long used = 0;
        if (heap.find()) {
            committed = Long.parseLong(heap.group(1)) * 1024;
            used = Long.parseLong(heap.group(2)) * 1024;
        }
        return new Sample(rssBytes(), used, committed);
    }

    /** A full collection, twice (the first may leave what finalization or cleaners free for the second). */
    void collect() {
        jcmd("GC.run");
        jcmd("GC.run");
    }

    /** The JVM's own account of its native memory, by area: only with -XX:NativeMemoryTracking=summary. */
    String nativeSummary() {
        return jcmd("VM.native_memory summary");
    }

    /** The classes holding the most heap (a full GC first), {@code top} lines. */
    String histogram(int top) {
        String[] lines = jcmd("GC.class_histogram").split("\n");
        return String.join("\n", java.util.Arrays.copyOf(lines, Math.min(lines.length, top + 3)));
    }

    private long statusKb(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("\\D+", ""));
                }
            }
        } catch (IOException gone) {
            return 0;
        }
        return 0;
    }

    private String jcmd(String command) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process p = new ProcessBuilder(List.of(jcmd.toString(), Long.toString(pid), command)).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            p.waitFor(30, TimeUnit.SECONDS);
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
