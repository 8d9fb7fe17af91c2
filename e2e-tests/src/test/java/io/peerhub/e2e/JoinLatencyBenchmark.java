package io.peerhub.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import java.util.ArrayList;
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

  @Test
  void join_to_open_data_channel() {
    String room = newRoomUrl();
    List<Double> join = new ArrayList<>();
    List<Double> verified = new ArrayList<>();
    List<Double> verifying = new ArrayList<>();
    List<Double> pageLoad = new ArrayList<>();
    List<Double> bare = new ArrayList<>();
    try (RoomPage host = RoomPage.open(browser, room, "Host")) {
      for (int i = 0; i < WARMUP + JOINS; i++) {
        BrowserContext context = browser.newContext();
        try {
          Page page = context.newPage();
          page.navigate(room);
          double openMs = ((Number) page.evaluate(markMs("peerhub:channel-open"))).doubleValue();
          // The same join, until the peer proved itself: what verification adds is the difference.
          double verifiedMs = ((Number) page.evaluate(markMs("peerhub:peer-verified"))).doubleValue();
          double loadMs = ((Number) page.evaluate(
              "performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd"))
              .doubleValue();
          double bareMs = ((Number) page.evaluate(BARE_CHANNEL_OPEN)).doubleValue();
          if (i >= WARMUP) {
            join.add(openMs);
            verified.add(verifiedMs);
            verifying.add(verifiedMs - openMs);
            pageLoad.add(loadMs);
            bare.add(bareMs);
          }
        } finally {
          context.close();
        }
        // Each join starts from a room holding only the host, as a user would find it.
        assertThat(host.page().getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions()
                .setName(Pattern.compile("\\((connecting|connected|failed|disconnected)"))))
            .hasCount(0, new LocatorAssertions.HasCountOptions().setTimeout(5_000));
      }
    }
    Percentiles j = new Percentiles(join);
    Percentiles l = new Percentiles(pageLoad);
    Percentiles b = new Percentiles(bare);
    Percentiles v = new Percentiles(verified);
    Percentiles d = new Percentiles(verifying);
    assertThat(j.count()).isEqualTo(JOINS);
    new BenchmarkReport("Join: room link to open data channel (Chromium)",
        "mvn -pl e2e-tests -Pbench test -Dtest=JoinLatencyBenchmark")
        .line("| measure (" + JOINS + " joins, " + WARMUP + " warm-up joins dropped) | p50 ms | p95 ms | min | max |")
        .line("|---|---|---|---|---|")
        .line(row("navigation → data channel to the peer in the room open (before verification)", j))
        .line(row("navigation → that peer verified (after: hello with proof both ways, checked)", v))
        .line(row("verification alone: channel open → peer verified, per join", d))
        .line(row("navigation → DOMContentLoaded (page load part)", l))
        .line(row("baseline: bare in-page RTCPeerConnection pair → channel open", b))
        .line("")
        .line(String.format("Ratio join p50 / baseline p50: %.1f×; join p50 minus page load p50: %.0f ms; "
            + "verification adds %.0f ms at p50 (%.0f ms at p95).", j.p(50) / b.p(50), j.p(50) - l.p(50), d.p(50), d.p(95)))
        .write("join-latency.md");
  }

  private static String row(String label, Percentiles p) {
    return String.format("| %s | %.0f | %.0f | %.0f | %.0f |", label, p.p(50), p.p(95), p.min(), p.max());
  }
}
