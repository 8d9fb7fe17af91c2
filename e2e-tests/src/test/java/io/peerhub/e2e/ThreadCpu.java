package io.peerhub.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time of one process per thread name, from /proc/PID/task: where a renderer's (or a JVM's)
 * CPU went between two snapshots, the page's main thread, its workers and WebRTC's own threads
 * apart, which a V8 profile of the main thread cannot show.
 */
public final class ThreadCpu {

  private static final double MS_PER_TICK = 1000.0 / 100; // USER_HZ is 100 on Linux

  private final Map<String, Long> ticks;

  private ThreadCpu(Map<String, Long> ticks) {
    this.ticks = ticks;
  }

  /**
   * The pid of the renderer that runs {@code page}, in any Chromium this JVM started (an empty
   * profile string is in every command line).
   */
  public static long rendererOf(com.microsoft.playwright.Page page) {
    return RssSampler.rendererOf(page, Path.of(""));
  }

  /** Clock ticks (user + system) per thread name; threads of one name (a pool) are summed. */
  public static ThreadCpu of(long pid) {
    Map<String, Long> ticks = new HashMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
      tasks.forEach(task -> {
        try {
          String name = Files.readString(task.resolve("comm")).strip().replaceAll("[0-9]+$", "");
          ticks.merge(name, RssSampler.cpuTicks(task), Long::sum);
        } catch (IOException e) {
          // The thread ended between the listing and the read: its time is gone with it.
        }
      });
    } catch (IOException e) {
      // The process is gone: no threads.
    }
    return new ThreadCpu(ticks);
  }

  /** Markdown rows "| thread | CPU ms |" of what each thread name used since {@code before}, biggest first. */
  public List<String> rowsSince(ThreadCpu before, int top) {
    return ticks.entrySet().stream()
        .map(e -> Map.entry(e.getKey(), e.getValue() - before.ticks.getOrDefault(e.getKey(), 0L)))
        .filter(e -> e.getValue() > 0)
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(top)
        .map(e -> String.format("| %s | %.0f |", e.getKey(), e.getValue() * MS_PER_TICK))
        .toList();
  }

  /** All threads' CPU since {@code before}, in ms (a name whose threads ended meanwhile counts 0, not less). */
  public double totalMsSince(ThreadCpu before) {
    long sum = 0;
    for (var e : ticks.entrySet()) {
      sum += Math.max(0, e.getValue() - before.ticks.getOrDefault(e.getKey(), 0L));
    }
    return sum * MS_PER_TICK;
  }
}
