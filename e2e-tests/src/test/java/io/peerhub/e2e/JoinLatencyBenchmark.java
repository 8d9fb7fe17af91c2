package io.peerhub.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Time from navigating to a room link until the data channel to a peer already in the room is
 * open, in Chromium, against a baseline in the same browser and run: two RTCPeerConnections
 * inside one page connecting a data channel with no signaling server and no page load at all.
 *
 * <p>Run: {@code mvn -q install -DskipTests && mvn -pl e2e-tests -Pbench test -Dtest=JoinLatencyBenchmark}
 */
class JoinLatencyBenchmark extends BrowserStory {

  private static final int JOINS = Integer.getInteger("bench.joins", 25);
  private static final int WARMUP = 3;

  /** Two in-page peer connections: the floor that WebRTC itself sets on this machine. */
  private static final String BARE_CHANNEL_OPEN = """
      async () => {
        const t0 = performance.now();
        const a = new RTCPeerConnection(), b = new RTCPeerConnection();
        a.onicecandidate = e => e.candidate && b.addIceCandidate(e.candidate);
        b.onicecandidate = e => e.candidate && a.addIceCandidate(e.candidate);
        const ch = a.createDataChannel('bench', { negotiated: true, id: 0 });
        b.createDataChannel('bench', { negotiated: true, id: 0 });
        const open = new Promise(r => ch.onopen = r);
        await a.setLocalDescription(); await b.setRemoteDescription(a.localDescription);
        await b.setLocalDescription(); await a.setRemoteDescription(b.localDescription);
        await open;
        const ms = performance.now() - t0;
        a.close(); b.close();
        return ms;
      }""";

  /** The page load's own steps (Navigation and Resource Timing), to split navigation → entry script. */
  private static final String LOAD_STEPS = """
      () => {
        const n = performance.getEntriesByType('navigation')[0];
        const steps = {
          'HTML request sent': n.requestStart,
          'HTML first byte': n.responseStart,
          'HTML parsed (domInteractive)': n.domInteractive,
        };
        const entry = document.querySelector('script[type=module]').src;
        for (const r of performance.getEntriesByType('resource')) {
          const file = r.name.split('/').pop().split('?')[0];
          if (r.name === entry) steps['entry script fetched'] = r.responseEnd;
          else if (file.endsWith('.css')) steps['stylesheet fetched'] = r.responseEnd;
          // room-<hash>.js (a hash may hold '-' or '_'); not the link or documents chunks.
          else if (/^room-.+[.]js$/.test(file) && !/^room-(link|docs)-/.test(file)) steps['room chunk fetched'] = r.responseEnd;
        }
        return steps;
      }""";

  private static void span(Map<String, List<Double>> spans, String name, double ms) {
    spans.computeIfAbsent(name, k -> new ArrayList<>()).add(ms);
  }

  /** When the page's first mark called {@code name} was set (web-client/src/test-hooks.ts), waiting for it. */
  private static String markMs(String name) {
    return """
        () => new Promise(resolve => {
          const found = () => performance.getEntriesByName('%1$s');
          if (found().length) return resolve(found()[0].startTime);
          new PerformanceObserver((list, obs) => {
            const e = list.getEntriesByName('%1$s');
            if (e.length) { obs.disconnect(); resolve(e[0].startTime); }
          }).observe({ type: 'mark', buffered: true });
        })""".formatted(name);
  }

  /** The join's steps in the order they happen, each as a page mark (web-client/src/test-hooks.ts). */
  private static final List<String[]> ALL_STEPS = List.of(
      new String[] {"peerhub:boot", "navigation → entry script running (it opens the signaling socket)"},
      new String[] {"peerhub:socket-open", "navigation → signaling socket open (the page saw its open event)"},
      new String[] {"peerhub:room-start", "navigation → room code running (HTML, scripts and styles fetched and parsed)"},
      new String[] {"peerhub:welcome", "navigation → signaling welcome (socket open, join with proof, welcome back)"},
      new String[] {"peerhub:peer-shown", "navigation → the peer's avatar on the page"},
      new String[] {"peerhub:link-made", "navigation → the RTCPeerConnection to the peer made"},
      new String[] {"peerhub:description-out", "navigation → first description sent (offer, or answer to the peer's)"},
      new String[] {"peerhub:description-in", "navigation → the peer's first description applied"},
      new String[] {"peerhub:ice-connected", "navigation → ICE connected"},
      new String[] {"peerhub:transport-connected", "navigation → DTLS up (connection connected)"},
      new String[] {"peerhub:channel-open", "navigation → data channel to the peer open (before verification)"},
      new String[] {"peerhub:peer-verified", "navigation → that peer verified (hello with proof both ways, checked)"});

  /**
   * -Dbench.skipSteps=peerhub:socket-open,… leaves out marks an older build does not set, so the
   * same benchmark can time a build from before them (an A/B run of two builds).
   */
  private static final List<String[]> STEPS = ALL_STEPS.stream()
      .filter(step -> !List.of(System.getProperty("bench.skipSteps", "").split(",")).contains(step[0]))
      .toList();

  @Test
  void join_to_open_data_channel() {
    String room = newRoomUrl();
    String before = BenchmarkReport.loadAverage();
    Map<String, List<Double>> steps = new LinkedHashMap<>();
    STEPS.forEach(step -> steps.put(step[0], new ArrayList<>()));
    List<Double> verifying = new ArrayList<>();
    Map<String, List<Double>> spans = new LinkedHashMap<>();
    Map<String, List<Double>> loadSteps = new LinkedHashMap<>();
    int joinerOffered = 0;
    List<Double> pageLoad = new ArrayList<>();
    List<Double> bare = new ArrayList<>();
    try (RoomPage host = RoomPage.open(browser, room, "Host")) {
      for (int i = 0; i < WARMUP + JOINS; i++) {
        BrowserContext context = browser.newContext();
        try {
          Page page = context.newPage();
          page.navigate(room);
          Map<String, Double> at = new LinkedHashMap<>();
          for (String[] step : STEPS) {
            at.put(step[0], ((Number) page.evaluate(markMs(step[0]))).doubleValue());
          }
          double loadMs = ((Number) page.evaluate(
              "performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd"))
              .doubleValue();
          double bareMs = ((Number) page.evaluate(BARE_CHANNEL_OPEN)).doubleValue();
          @SuppressWarnings("unchecked")
          Map<String, Object> load = (Map<String, Object>) page.evaluate(LOAD_STEPS);
          if (i >= WARMUP) {
            at.forEach((mark, ms) -> steps.get(mark).add(ms));
            verifying.add(at.get("peerhub:peer-verified") - at.get("peerhub:channel-open"));
            double described = Math.max(at.get("peerhub:description-out"), at.get("peerhub:description-in"));
            span(spans, "link made → both descriptions applied (signaling round trip)", described - at.get("peerhub:link-made"));
            span(spans, "both descriptions → ICE connected", at.get("peerhub:ice-connected") - described);
            span(spans, "ICE connected → DTLS up", at.get("peerhub:transport-connected") - at.get("peerhub:ice-connected"));
            span(spans, "DTLS up → control channel open", at.get("peerhub:channel-open") - at.get("peerhub:transport-connected"));
            // The impolite side (its id sorts higher) offers first: which one the joiner is
            // depends on the host's id, so a run's joins are mostly one way or the other.
            if (Boolean.FALSE.equals(page.evaluate(
                "() => performance.getEntriesByName('peerhub:link-made')[0].detail.polite"))) joinerOffered++;
            pageLoad.add(loadMs);
            load.forEach((name, ms) -> span(loadSteps, name, ((Number) ms).doubleValue()));
            bare.add(bareMs);
          }
        } finally {
          context.close();
        }
        // Each join starts from a room holding only the host, as a user would find it.
        assertThat(host.page().getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions()
                .setName(Pattern.compile(", (connecting|connected|failed|disconnected)"))))
            .hasCount(0, new LocatorAssertions.HasCountOptions().setTimeout(5_000));
      }
    }
    Map<String, List<Double>> returning = RETURNING > 0 ? returningJoins(room) : Map.of();
    List<String> profile = PROFILE ? profileOneJoin(room) : List.of();
    List<String> trace = TRACE ? traceOneJoin(room) : List.of();
    Percentiles j = new Percentiles(steps.get("peerhub:channel-open"));
    Percentiles shown = new Percentiles(steps.get("peerhub:peer-shown"));
    Percentiles l = new Percentiles(pageLoad);
    Percentiles b = new Percentiles(bare);
    Percentiles d = new Percentiles(verifying);
    assertThat(j.count()).isEqualTo(JOINS);
    BenchmarkReport report = new BenchmarkReport("Join: room link to open data channel (Chromium)",
        "mvn -pl e2e-tests -Pbench test -Dtest=JoinLatencyBenchmark")
        .line("Load average (1/5/15 min) before: " + before + "; after: " + BenchmarkReport.loadAverage() + ".")
        .line("")
        .line("| measure (" + JOINS + " joins, " + WARMUP + " warm-up joins dropped) | p50 ms | p95 ms | min | max |")
        .line("|---|---|---|---|---|");
    for (String[] step : STEPS) report.line(row(step[1], new Percentiles(steps.get(step[0]))));
    spans.forEach((name, ms) -> report.line(row("per join: " + name, new Percentiles(ms))));
    loadSteps.forEach((name, ms) -> report.line(row("page load: navigation → " + name, new Percentiles(ms))));
    report
        .line(row("verification alone: channel open → peer verified, per join", d))
        .line(row("navigation → DOMContentLoaded", l))
        .line(row("baseline: bare in-page RTCPeerConnection pair → channel open", b))
        .line("")
        .line(String.format("Ratio join p50 / baseline p50: %.1f×; avatar shown → channel open at p50: %.0f ms; "
            + "verification adds %.0f ms at p50 (%.0f ms at p95). The joiner made the first offer in %d of %d joins.",
            j.p(50) / b.p(50), j.p(50) - shown.p(50), d.p(50), d.p(95), joinerOffered, JOINS))
        .line("");
    if (!returning.isEmpty()) {
      report.line("A returning visitor: one browser profile joins " + RETURNING + " more times (after " + WARMUP
              + " warm-up joins), each in a new tab, with the room page's service worker and its cache in place:")
          .line("")
          .line("| measure (returning visitor) | p50 ms | p95 ms | min | max |")
          .line("|---|---|---|---|---|");
      for (String[] step : RETURNING_STEPS) report.line(row(step[1], new Percentiles(returning.get(step[0]))));
      report.line("");
    }
    if (!profile.isEmpty()) {
      report.line("One more join, profiled (main thread self time, navigation → channel open):")
          .line("")
          .line("| function | ms | share of busy |")
          .line("|---|---|---|");
      profile.forEach(report::line);
      report.line("");
    }
    if (!trace.isEmpty()) {
      report.line("One more join, traced (renderer main thread self time per trace event, navigation → channel open):")
          .line("")
          .line("| trace event | ms | count | share of busy |")
          .line("|---|---|---|---|");
      trace.forEach(report::line);
    }
    report.write("join-latency.md");
  }

  /** -Dbench.returning=N joins by one returning profile (0 leaves them out). */
  private static final int RETURNING = Integer.getInteger("bench.returning", 10);

  private static final List<String[]> RETURNING_STEPS = List.of(
      new String[] {"peerhub:boot", "navigation → entry script running"},
      new String[] {"peerhub:room-start", "navigation → room code running"},
      new String[] {"peerhub:welcome", "navigation → signaling welcome"},
      new String[] {"peerhub:channel-open", "navigation → data channel to the peer open"});

  /**
   * A person who has been here before: the same profile (so its service worker, Cache Storage and
   * the code V8 cached for those scripts), a new tab each time (so a fresh renderer, as a link
   * opened anew gets). The first visit installs the worker; a join the worker does not control
   * fails the run rather than being counted as a returning one.
   */
  private Map<String, List<Double>> returningJoins(String room) {
    Map<String, List<Double>> at = new LinkedHashMap<>();
    RETURNING_STEPS.forEach(step -> at.put(step[0], new ArrayList<>()));
    try (RoomPage host = RoomPage.open(browser, room, "Host")) {
      BrowserContext visitor = browser.newContext();
      try {
        Page first = visitor.newPage();
        first.navigate(room);
        first.evaluate(markMs("peerhub:channel-open"));
        first.evaluate("() => navigator.serviceWorker.ready.then(() => true)");
        leave(first);
        for (int i = 0; i < WARMUP + RETURNING; i++) {
          assertThat(host.page().getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions()
                  .setName(Pattern.compile(", (connecting|connected|failed|disconnected)"))))
              .hasCount(0, new LocatorAssertions.HasCountOptions().setTimeout(5_000));
          Page page = visitor.newPage();
          page.navigate(room);
          Map<String, Double> marks = new LinkedHashMap<>();
          for (String[] step : RETURNING_STEPS) {
            marks.put(step[0], ((Number) page.evaluate(markMs(step[0]))).doubleValue());
          }
          assertThat((Boolean) page.evaluate("() => navigator.serviceWorker.controller !== null"))
              .as("a returning visit is served by the room page's service worker").isTrue();
          if (i >= WARMUP) marks.forEach((mark, ms) -> at.get(mark).add(ms));
          leave(page);
        }
      } finally {
        visitor.close();
      }
    }
    return at;
  }

  /** Closes a tab as a person leaving does: its pagehide says `leave` (Page.close alone skips that). */
  private static void leave(Page page) {
    page.navigate("about:blank");
    page.close();
  }

  /** With -Dbench.profile=true, one more join is profiled: where its main thread's time went. */
  private static final boolean PROFILE = Boolean.getBoolean("bench.profile");

  private List<String> profileOneJoin(String room) {
    try (RoomPage host = RoomPage.open(browser, room, "Host")) {
      BrowserContext context = browser.newContext();
      try {
        Page page = context.newPage();
        page.navigate("about:blank");
        CpuProfile profile = CpuProfile.start(page, 100);
        page.navigate(room);
        page.evaluate(markMs("peerhub:channel-open"));
        CpuProfile.Summary summary = profile.stop();
        List<String> rows = new ArrayList<>(summary.topRows(25));
        rows.add(String.format("| busy in all (of %.0f ms sampled) | %.0f | |", summary.wallMs(), summary.busyMs()));
        return rows;
      } finally {
        context.close();
      }
    }
  }

  /** With -Dbench.trace=true, one more join is traced: what the renderer did besides running script. */
  private static final boolean TRACE = Boolean.getBoolean("bench.trace");

  private List<String> traceOneJoin(String room) {
    try (RoomPage host = RoomPage.open(browser, room, "Host")) {
      // As in the measured joins: the host's first moments (its service worker installing and
      // caching the app) are over before the traced join starts.
      for (int i = 0; i < WARMUP; i++) {
        BrowserContext warm = browser.newContext();
        try {
          Page page = warm.newPage();
          page.navigate(room);
          page.evaluate(markMs("peerhub:channel-open"));
        } finally {
          warm.close();
        }
      }
      BrowserContext context = browser.newContext();
      try {
        Page page = context.newPage();
        page.navigate("about:blank");
        RendererTrace trace = RendererTrace.start(browser, page);
        page.navigate(room);
        page.evaluate(markMs("peerhub:channel-open"));
        RendererTrace.Summary summary = trace.stop("peerhub:channel-open",
            java.nio.file.Path.of("target", "benchmarks", "join-trace.json"));
        List<String> rows = new ArrayList<>(summary.topRows(30));
        rows.add(String.format("| busy in all (of %.0f ms traced) | %.0f | | |", summary.wallMs(), summary.busyMs()));
        return rows;
      } finally {
        context.close();
      }
    }
  }

  private static String row(String label, Percentiles p) {
    return String.format("| %s | %.0f | %.0f | %.0f | %.0f |", label, p.p(50), p.p(95), p.min(), p.max());
  }
}
