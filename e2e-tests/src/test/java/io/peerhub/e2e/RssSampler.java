package io.peerhub.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * Samples, from /proc, the RSS of one Chromium (the one started with {@code profile}, a
 * persistent profile folder) and of its renderers. A benchmark measures while something runs,
 * so this one thread does wait between samples; tests never do.
 */
final class RssSampler implements Runnable, AutoCloseable {

  private final AtomicBoolean stop = new AtomicBoolean();
  private final Map<Long, Long> peakPerRenderer = new ConcurrentHashMap<>();
  private final String profile;
  private volatile long peakBrowser;
  private Thread thread;

  RssSampler(Path profile) {
    this.profile = profile.toString();
  }

  /** Samples every 50 ms on a thread of its own until {@link #close()}. */
  RssSampler start() {
    thread = new Thread(this, "rss-sampler");
    thread.setDaemon(true);
    thread.start();
    return this;
  }

  /** The highest RSS any one of the browser's renderers reached, in bytes. */
  long peakRenderer() {
    return peakPerRenderer.values().stream().mapToLong(Long::longValue).max().orElse(0);
  }

  long peakBrowser() {
    return peakBrowser;
  }

  /** Samples for {@code millis}, every 50 ms, and returns the peak renderer RSS seen meanwhile. */
  static long peakRendererOver(Path profile, long millis) throws InterruptedException {
    RssSampler sampler = new RssSampler(profile).start();
    try {
      Thread.sleep(millis);
    } finally {
      sampler.close();
    }
    return sampler.peakRenderer();
  }

  /**
   * The pid of the renderer that runs {@code page}, among those of the Chromium started with
   * {@code profile}: Chromium keeps other renderers too (a spare one, its own pages), some
   * larger than a small page, so the largest is not the page's. The page spins its main thread
   * for 400 ms, and the renderer whose CPU time grew the most is its own.
   */
  static long rendererOf(com.microsoft.playwright.Page page, Path profile) {
    RssSampler finder = new RssSampler(profile);
    Map<Long, Long> before = finder.rendererCpuTicks();
    page.evaluate("() => { const t = performance.now(); while (performance.now() - t < 400); }");
    Map<Long, Long> after = finder.rendererCpuTicks();
    return after.entrySet().stream()
        .max(java.util.Comparator.comparingLong(e -> e.getValue() - before.getOrDefault(e.getKey(), 0L)))
        .map(Map.Entry::getKey).orElseThrow();
  }

  /** The peak RSS of one process over {@code millis}, sampled every 50 ms. */
  static long peakOver(long pid, long millis) throws InterruptedException {
    long peak = 0;
    long end = System.nanoTime() + millis * 1_000_000;
    while (System.nanoTime() < end) {
      peak = Math.max(peak, rss(pid));
      Thread.sleep(50);
    }
    return peak;
  }

  /** Like {@link #peakRenderer}, for one renderer, the page's. */
  long peakOf(long pid) {
    return peakPerRenderer.getOrDefault(pid, 0L);
  }

  /** CPU time (clock ticks, user + system) of each of the browser's renderers, by pid. */
  Map<Long, Long> rendererCpuTicks() {
    Map<Long, Long> ticks = new java.util.HashMap<>();
    ProcessHandle.current().descendants().forEach(p -> {
      if (startedWithProfile(p) && cmdline(p.pid()).contains("--type=renderer")) {
        ticks.put(p.pid(), cpuTicks(p.pid()));
      }
    });
    return ticks;
  }

  /** CPU time (clock ticks, user + system) of the browser process and every child, all together. */
  long allCpuTicks() {
    long[] sum = {0};
    ProcessHandle.current().descendants().forEach(p -> {
      if (startedWithProfile(p)) {
        sum[0] += cpuTicks(p.pid());
      }
    });
    return sum[0];
  }

  /** utime + stime from /proc/PID/stat (fields 14 and 15, after the command's parentheses). */
  static long cpuTicks(long pid) {
    return cpuTicks(Path.of("/proc/" + pid));
  }

  /** Like {@link #cpuTicks(long)}, for a /proc entry: a process, or one of its threads (task/TID). */
  static long cpuTicks(Path proc) {
    try {
      String stat = Files.readString(proc.resolve("stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  @Override
  public void run() {
    while (!stop.get()) {
      sampleOnce();
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop.set(true);
    if (thread != null) {
      thread.join();
    }
  }

  void sampleOnce() {
    ProcessHandle.current().descendants().forEach(p -> {
      if (!startedWithProfile(p)) {
        return;
      }
      String cmd = cmdline(p.pid());
      long rss = rss(p.pid());
      if (cmd.contains("--type=renderer")) {
        peakPerRenderer.merge(p.pid(), rss, Math::max);
      } else if (!cmd.contains("--type=")) {
        peakBrowser = Math.max(peakBrowser, rss);
      }
    });
  }

  /** Renderers are children of Chromium's zygote, itself a child of the browser process. */
  private boolean startedWithProfile(ProcessHandle p) {
    Optional<ProcessHandle> at = Optional.of(p);
    for (int depth = 0; depth < 5 && at.isPresent(); depth++) {
      if (cmdline(at.get().pid()).contains(profile)) {
        return true;
      }
      at = at.get().parent();
    }
    return false;
  }

  private static String cmdline(long pid) {
    try {
      return new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline"))).replace('\0', ' ');
    } catch (IOException e) {
      return "";
    }
  }

  private static long rss(long pid) {
    try (Stream<String> lines = Files.lines(Path.of("/proc/" + pid + "/status"))) {
      Optional<String> line = lines.filter(l -> l.startsWith("VmRSS:")).findFirst();
      return line.map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024).orElse(0L);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }
}
