package io.peerhub.e2e;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Page;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A V8 CPU profile of one page, taken through the Chrome DevTools Protocol (Profiler domain), and
 * summarised as self time per function and per script: where a page's main thread spent its CPU.
 * Workers are not in it (each has its own isolate); what they do shows as idle time here.
 */
public final class CpuProfile {

  private final CDPSession cdp;

  private CpuProfile(CDPSession cdp) {
    this.cdp = cdp;
  }

  /** Starts sampling the page's main thread every {@code intervalUs} microseconds. */
  public static CpuProfile start(Page page, int intervalUs) {
    CDPSession cdp = page.context().newCDPSession(page);
    cdp.send("Profiler.enable");
    JsonObject interval = new JsonObject();
    interval.addProperty("interval", intervalUs);
    cdp.send("Profiler.setSamplingInterval", interval);
    cdp.send("Profiler.start");
    return new CpuProfile(cdp);
  }

  /** Stops sampling and returns self time by function, biggest first. */
  public Summary stop() {
    JsonObject profile = cdp.send("Profiler.stop").getAsJsonObject("profile");
    cdp.send("Profiler.disable");
    cdp.detach();
    Map<Integer, String> frameOf = new HashMap<>();
    for (JsonElement element : profile.getAsJsonArray("nodes")) {
      JsonObject node = element.getAsJsonObject();
      frameOf.put(node.get("id").getAsInt(), label(node.getAsJsonObject("callFrame")));
    }
    JsonArray samples = profile.getAsJsonArray("samples");
    JsonArray deltas = profile.getAsJsonArray("timeDeltas");
    Map<String, Double> selfMs = new HashMap<>();
    // A sample's delta is the time since the previous sample: it belongs to that sample's frame.
    for (int i = 0; i < samples.size(); i++) {
      double ms = (i + 1 < deltas.size() ? deltas.get(i + 1).getAsLong() : 0) / 1000.0;
      selfMs.merge(frameOf.get(samples.get(i).getAsInt()), ms, Double::sum);
    }
    double wallMs = (profile.get("endTime").getAsLong() - profile.get("startTime").getAsLong()) / 1000.0;
    return new Summary(selfMs, wallMs);
  }

  private static String label(JsonObject frame) {
    String name = frame.get("functionName").getAsString();
    String url = frame.get("url").getAsString();
    if (url.isEmpty()) return name.isEmpty() ? "(anonymous)" : name;
    String script = url.substring(url.lastIndexOf('/') + 1).replaceAll("-[A-Za-z0-9_]{8}\\.js$", ".js");
    return (name.isEmpty() ? "(anonymous)" : name) + " " + script + ":" + (frame.get("lineNumber").getAsInt() + 1);
  }

  /** Self time per frame label ("(idle)", "(program)", "(garbage collector)" are V8's own). */
  public record Summary(Map<String, Double> selfMs, double wallMs) {

    public double busyMs() {
      return selfMs.entrySet().stream().filter(e -> !e.getKey().equals("(idle)"))
          .mapToDouble(Map.Entry::getValue).sum();
    }

    /** The {@code top} frames by self time, as Markdown table rows: frame, ms, share of busy time. */
    public List<String> topRows(int top) {
      double busy = busyMs();
      return selfMs.entrySet().stream().filter(e -> !e.getKey().equals("(idle)"))
          .sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()))
          .limit(top)
          .map(e -> String.format("| `%s` | %.0f | %.0f%% |", e.getKey(), e.getValue(), 100 * e.getValue() / busy))
          .collect(Collectors.toList());
    }
  }
}
