package io.peerhub.e2e;

import com.microsoft.playwright.Page;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A received transfer's time split by the receiving page's {@code peerhub:receive} marks
 * (test-hooks.ts): accept → first frame (the answer, the sender's channel), first frame → the
 * sender's file-end arrived (the wire), → every byte written and hashed (the receiver catching
 * up), → handed over (verification and the hand-over), → the browser's download event.
 */
public final class ReceivePhases {

  public static final String HEADER = "| round | accept → first frame s | first frame → file-end arrived s (MiB/s) |"
      + " → staged s | → handed over s | → download event s |\n|---|---|---|---|---|---|";

  private ReceivePhases() {}

  /** One Markdown row for the single-file transfer of {@code bytes} accepted at page time {@code acceptedMs}. */
  public static String since(Page page, double acceptedMs, long bytes, int round) {
    double now = ((Number) page.evaluate("() => performance.now()")).doubleValue();
    @SuppressWarnings("unchecked")
    List<List<Object>> marks = (List<List<Object>>) page.evaluate("t => performance.getEntriesByName('peerhub:receive')"
        + ".filter(m => m.startTime >= t).map(m => [m.detail.phase, m.startTime, m.detail.file])", acceptedMs);
    Map<String, Double> at = new HashMap<>();
    for (List<Object> m : marks) {
      at.putIfAbsent((String) m.get(0), ((Number) m.get(1)).doubleValue());
    }
    double first = at.getOrDefault("first-frame", Double.NaN);
    double end = at.getOrDefault("end-arrived", Double.NaN);
    double staged = at.getOrDefault("staged", Double.NaN);
    double handed = at.getOrDefault("handed-over", Double.NaN);
    return String.format("| %d | %.2f | %.2f (%.1f) | %.2f | %.2f | %.2f |", round, (first - acceptedMs) / 1000,
        (end - first) / 1000, bytes / 1048576.0 / ((end - first) / 1000), (staged - end) / 1000,
        (handed - staged) / 1000, (now - handed) / 1000);
  }
}
