package io.peerhub.e2e;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Chrome trace of one page load (the DevTools timeline categories), summarised as the renderer
 * main thread's self time per trace event: what a CPU profile files under "(program)" (HTML
 * parsing, style, layout, paint, script compilation) named by what the renderer was doing.
 */
public final class RendererTrace {

  private static final List<String> CATEGORIES = List.of(
      "devtools.timeline", "disabled-by-default-devtools.timeline", "blink.user_timing", "loading", "v8", "fonts", "blink");

  private final Browser browser;

  private RendererTrace(Browser browser) {
    this.browser = browser;
  }

  /** Starts tracing every renderer of {@code browser}; the page is only the trace's anchor. */
  public static RendererTrace start(Browser browser, Page page) {
    browser.startTracing(page, new Browser.StartTracingOptions().setCategories(CATEGORIES));
    return new RendererTrace(browser);
  }

  /**
   * Stops tracing and sums self time per event name on the main thread of the renderer that
   * parsed HTML during the trace (the page that navigated; other pages were already loaded), up
   * to the first user-timing mark named {@code endMark}. The raw trace is saved to {@code saveTo}
   * (open it in chrome://tracing or the DevTools performance panel).
   */
  public Summary stop(String endMark, java.nio.file.Path saveTo) {
    byte[] raw = browser.stopTracing();
    try {
      java.nio.file.Files.createDirectories(saveTo.getParent());
      java.nio.file.Files.write(saveTo, raw);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    JsonElement root = JsonParser.parseString(new String(raw, StandardCharsets.UTF_8));
    JsonArray events = root.isJsonArray() ? root.getAsJsonArray() : root.getAsJsonObject().getAsJsonArray("traceEvents");
    Map<String, String> threadNames = new HashMap<>();
    List<JsonObject> all = new ArrayList<>();
    for (JsonElement element : events) {
      JsonObject event = element.getAsJsonObject();
      all.add(event);
      if ("M".equals(str(event, "ph")) && "thread_name".equals(str(event, "name"))) {
        threadNames.put(thread(event), event.getAsJsonObject("args").get("name").getAsString());
      }
    }
    String main = null;
    for (JsonObject event : all) {
      if ("ParseHTML".equals(str(event, "name")) && "CrRendererMain".equals(threadNames.get(thread(event)))) {
        main = thread(event);
        break;
      }
    }
    if (main == null) throw new IllegalStateException("the trace holds no renderer that parsed HTML");
    long start = Long.MAX_VALUE;
    long end = Long.MAX_VALUE;
    List<JsonObject> slices = new ArrayList<>();
    for (JsonObject event : all) {
      if (!main.equals(thread(event)) || !event.has("ts")) continue;
      long ts = event.get("ts").getAsLong();
      if (endMark.equals(str(event, "name")) && str(event, "cat").contains("user_timing")) end = Math.min(end, ts);
      if ("X".equals(str(event, "ph")) && event.has("dur")) {
        slices.add(event);
        start = Math.min(start, ts);
      }
    }
    if (end == Long.MAX_VALUE) throw new IllegalStateException("the trace holds no mark " + endMark);
    slices.sort(Comparator.comparingLong((JsonObject e) -> e.get("ts").getAsLong())
        .thenComparing(Comparator.comparingLong((JsonObject e) -> e.get("dur").getAsLong()).reversed()));
    Map<String, Double> selfMs = new HashMap<>();
    Map<String, Integer> counts = new HashMap<>();
    double busyMs = 0;
    // Slices on one thread nest: a slice's self time is its span less its children's spans.
    Deque<long[]> open = new ArrayDeque<>(); // {end, index into names}
    List<String> names = new ArrayList<>();
    List<Double> self = new ArrayList<>();
    for (JsonObject slice : slices) {
      long ts = slice.get("ts").getAsLong();
      if (ts >= end) break;
      long sliceEnd = Math.min(ts + slice.get("dur").getAsLong(), end);
      while (!open.isEmpty() && open.peek()[0] <= ts) open.pop();
      double ms = (sliceEnd - ts) / 1000.0;
      if (open.isEmpty()) busyMs += ms;
      else self.set((int) open.peek()[1], self.get((int) open.peek()[1]) - ms);
      names.add(str(slice, "name"));
      self.add(ms);
      open.push(new long[] {sliceEnd, names.size() - 1});
    }
    for (int i = 0; i < names.size(); i++) {
      selfMs.merge(names.get(i), self.get(i), Double::sum);
      counts.merge(names.get(i), 1, Integer::sum);
    }
    return new Summary(selfMs, counts, busyMs, (end - start) / 1000.0);
  }

  private static String str(JsonObject event, String key) {
    JsonElement value = event.get(key);
    return value == null || value.isJsonNull() ? "" : value.getAsString();
  }

  private static String thread(JsonObject event) {
    return str(event, "pid") + "/" + str(event, "tid");
  }

  /** Self time per trace event name; busy is the time under top-level slices. */
  public record Summary(Map<String, Double> selfMs, Map<String, Integer> counts, double busyMs, double wallMs) {

    /** Markdown rows {@code | event | ms | count | share of busy |}, biggest first. */
    public List<String> topRows(int limit) {
      return selfMs.entrySet().stream()
          .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
          .limit(limit)
          .map(e -> String.format("| `%s` | %.1f | %d | %.0f%% |",
              e.getKey(), e.getValue(), counts.get(e.getKey()), 100 * e.getValue() / busyMs))
          .toList();
    }
  }
}
