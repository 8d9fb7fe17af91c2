package io.peerhub.e2e;

import com.microsoft.playwright.Page;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A received transfer's time split by the receiving page's {@code peerhub:receive} marks
 * (test-hooks.ts): the user's accept → the first frame (the answer, the sender's channel), → the
 * sender's file-end arrived (the wire), → every byte written and hashed (the receiver catching
 * up), → handed over (verification and the hand-over). Timed on the page, so what a benchmark's
 * driver adds around the click (Playwright's actionability checks, its download plumbing) is out.
 */
public final class ReceivePhases {

  public static final String HEADER = "| round | accept → first frame s | → file-end arrived s (wire MiB/s) |"
      + " → staged s | → handed over s | accept → handed over MiB/s |\n|---|---|---|---|---|---|";

  private final Map<String, Double> at;

  private ReceivePhases(Map<String, Double> at) {
    this.at = at;
  }

  /** The first mark of each phase at or after page time {@code sinceMs} (a single-file transfer). */
  public static ReceivePhases since(Page page, double sinceMs) {
    @SuppressWarnings("unchecked")
    List<List<Object>> marks = (List<List<Object>>) page.evaluate("t => performance.getEntriesByName('peerhub:receive')"
        + ".filter(m => m.startTime >= t).map(m => [m.detail.phase, m.startTime])", sinceMs);
    Map<String, Double> at = new HashMap<>();
    for (List<Object> m : marks) {
      at.putIfAbsent((String) m.get(0), ((Number) m.get(1)).doubleValue());
    }
    for (String phase : List.of("accepted", "first-frame", "end-arrived", "staged", "handed-over")) {
      if (!at.containsKey(phase)) {
        throw new IllegalStateException("no " + phase + " mark on the page: " + at);
      }
    }
    return new ReceivePhases(at);
  }

  public static double pageNow(Page page) {
    return ((Number) page.evaluate("() => performance.now()")).doubleValue();
  }

  /** Accept → the verified file handed over, in MiB/s. */
  public double mibPerSecond(long bytes) {
    return bytes / 1048576.0 / (span("accepted", "handed-over") / 1000);
  }

  public String row(int round, long bytes) {
    return String.format("| %d | %.2f | %.2f (%.1f) | %.2f | %.2f | %.1f |", round, span("accepted", "first-frame") / 1000,
        span("first-frame", "end-arrived") / 1000, bytes / 1048576.0 / (span("first-frame", "end-arrived") / 1000),
        span("end-arrived", "staged") / 1000, span("staged", "handed-over") / 1000, mibPerSecond(bytes));
  }

  private double span(String from, String to) {
    return at.get(to) - at.get(from);
  }
}
