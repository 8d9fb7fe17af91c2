package io.peerhub.e2e.docs;

import io.peerhub.e2e.PeerProcess;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import io.peerhub.e2e.RoomPage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Co-editing figures in Chromium, with baselines measured in the same run:
 *
 * <ul>
 *   <li>a keystroke's time from keydown on one page until the other page's editor holds it,
 *       against a chat message's time from Enter until the other page's chat log shows it (the
 *       same data-channel path without Automerge or CodeMirror);
 *   <li>a late joiner's time to receive a 100,000-character document built from 10,000 edits,
 *       from a browser and from the Java keeper, against the time the same join takes to open its
 *       data channel (the part that is not the document).
 * </ul>
 *
 * <p>Run: {@code mvn -q install -DskipTests && mvn -pl e2e-tests -Pbench test -Dtest=DocumentsBenchmark}.
 * Times within one page come from its monotonic clock; across two pages of one browser they are
 * {@code performance.timeOrigin + performance.now()}, the same machine clock.
 */
class DocumentsBenchmark extends DocStage {

  private static final int KEYSTROKES = Integer.getInteger("bench.keystrokes", 100);
  private static final int WARMUP = 10;
  private static final int JOINS = Integer.getInteger("bench.joins", 5);
  private static final int EDITS = 10_000;
  private static final int EDIT_CHARS = 10;

  @TempDir
  Path tmp;

  private static final String RECORD_ARRIVALS = """
      () => {
        window.__arrivals = new Map();
        const host = document.querySelector('[data-doc-length]');
        new MutationObserver(() => {
          const n = Number(host.dataset.docLength);
          if (!window.__arrivals.has(n)) window.__arrivals.set(n, performance.timeOrigin + performance.now());
        }).observe(host, { attributes: true, attributeFilter: ['data-doc-length'] });
        const log = document.querySelector('[role=log]');
        window.__chat = [];
        new MutationObserver(() => window.__chat.push(performance.timeOrigin + performance.now()))
          .observe(log, { childList: true });
      }""";

  private static final String RECORD_KEYDOWNS = """
      () => {
        window.__keys = [];
        document.addEventListener('keydown', () => window.__keys.push(performance.timeOrigin + performance.now()), true);
      }""";

  /** 10,000 edits of 10 characters at random places, through the editor as typing would go. */
  private static final String BUILD_DOCUMENT = """
      async ([edits, chars]) => {
        const view = document.querySelector('.cm-content').cmTile.root.view;
        let seed = 42;
        const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
        for (let i = 0; i < edits; i++) {
          const text = (i % 8 === 7 ? 'lorem ip.\\n' : 'lorem ips ').slice(0, chars);
          const at = Math.floor(random() * (view.state.doc.length + 1));
          view.dispatch({ changes: { from: at, insert: text } });
          if (i % 250 === 0) await new Promise(r => setTimeout(r));
        }
        return view.state.doc.length;
      }""";

  private static final String WAIT_FOR_LENGTH = """
      (length) => new Promise(resolve => {
        const check = () => {
          const host = document.querySelector('[data-doc-length]');
          if (host && Number(host.dataset.docLength) === length) return resolve(performance.now());
          setTimeout(check, 5);
        };
        check();
      })""";

  private static final String CHANNEL_OPEN_MS = """
      () => new Promise(resolve => {
        const found = () => performance.getEntriesByName('peerhub:channel-open');
        if (found().length) return resolve(found()[0].startTime);
        new PerformanceObserver((list, obs) => {
          const e = list.getEntriesByName('peerhub:channel-open');
          if (e.length) { obs.disconnect(); resolve(e[0].startTime); }
        }).observe({ type: 'mark', buffered: true });
      })""";

  @Test
  void documents() throws Exception {
    StringBuilder report = new StringBuilder();
    report.append("### Documents: keystroke latency and late joiners (Chromium, Automerge)\n\n")
        .append("Run: `mvn -q install -DskipTests && mvn -pl e2e-tests -Pbench test -Dtest=DocumentsBenchmark` on ")
        .append(OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS)).append(", ")
        .append(Runtime.getRuntime().availableProcessors()).append(" cores, Java ")
        .append(System.getProperty("java.version")).append(".\n\n");
    keystrokes(report);
    lateJoiners(report);
    Path out = Path.of("target", "benchmarks");
    Files.createDirectories(out);
    Files.writeString(out.resolve("documents.md"), report);
    System.out.println(report);
  }

  private void keystrokes(StringBuilder report) {
    String room = newRoomUrl();
    List<Double> key = new ArrayList<>();
    List<Double> chat = new ArrayList<>();
    try (RoomPage alice = RoomPage.open(browser, room, "Alice");
         RoomPage bob = RoomPage.open(browser, room, "Bob")) {
      alice.shouldSeeConnected("Bob");
      bob.shouldSeeConnected("Alice");
      bob.page().evaluate(RECORD_ARRIVALS);
      alice.page().evaluate(RECORD_KEYDOWNS);
      alice.documentEditor().click();
      for (int i = 0; i < WARMUP + KEYSTROKES; i++) {
        int expected = i + 1;
        alice.page().keyboard().press("x");
        bob.page().waitForFunction("n => window.__arrivals.has(n)", expected);
        double down = ((Number) alice.page().evaluate("() => window.__keys.at(-1)")).doubleValue();
        double shown = ((Number) bob.page().evaluate("n => window.__arrivals.get(n)", expected)).doubleValue();
        if (i >= WARMUP) {
          key.add(shown - down);
        }
        alice.page().waitForTimeout(20);
      }
      var message = alice.page().getByLabel("Message", new Page.GetByLabelOptions().setExact(true));
      for (int i = 0; i < WARMUP + KEYSTROKES; i++) {
        message.fill("m" + i);
        alice.page().evaluate("() => window.__keys.length = 0");
        message.press("Enter");
        int count = i + 1;
        bob.page().waitForFunction("n => window.__chat.length >= n", count);
        double down = ((Number) alice.page().evaluate("() => window.__keys.at(-1)")).doubleValue();
        double shown = ((Number) bob.page().evaluate("n => window.__chat[n - 1]", count)).doubleValue();
        if (i >= WARMUP) {
          chat.add(shown - down);
        }
      }
    }
    report.append("Keystrokes: Alice types one character at a time into Notes (").append(KEYSTROKES)
        .append(" after ").append(WARMUP).append(" warm-up, 20 ms apart); the time runs from her keydown to Bob's editor ")
        .append("holding the character. Baseline: a chat message from Enter to Bob's chat log.\n\n")
        .append("| measure | p50 ms | p95 ms | min | max |\n|---|---|---|---|---|\n")
        .append(row("keystroke → other page's editor", key))
        .append(row("baseline: chat message → other page's log", chat))
        .append(String.format("%nRatio keystroke p50 / chat p50: %.1f×.%n%n", p(key, 50) / p(chat, 50)));
  }

  private void lateJoiners(StringBuilder report) throws Exception {
    String room = newRoomUrl();
    Path docs = tmp.resolve("keep");
    int length;
    double buildMs;
    List<Double> fromBrowser = new ArrayList<>();
    List<Double> fromBrowserJoin = new ArrayList<>();
    List<Double> fromKeeper = new ArrayList<>();
    List<Double> fromKeeperJoin = new ArrayList<>();
    try (PeerProcess keeper = PeerProcess.startSplit(tmp.resolve("keep.out"),
        "keep", "--room", room, "--docs", docs.toString(), "--name", "Keeper")) {
      try (RoomPage alice = RoomPage.open(browser, room, "Alice")) {
        alice.shouldSeeConnected("Keeper");
        long t0 = System.nanoTime();
        length = ((Number) alice.page().evaluate(BUILD_DOCUMENT, List.of(EDITS, EDIT_CHARS))).intValue();
        buildMs = (System.nanoTime() - t0) / 1e6;
        assertThat(length).isEqualTo(EDITS * EDIT_CHARS);
        // The keeper has it all before Alice's page is the only source that matters.
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (DocExport.text(tmp, docs, "Notes").length() != length) {
          assertThat(System.nanoTime()).isLessThan(deadline);
          Thread.sleep(500);
        }
        for (int i = 0; i < JOINS + 1; i++) {
          double[] t = join(room, length);
          if (i > 0) {
            fromBrowser.add(t[0]);
            fromBrowserJoin.add(t[1]);
          }
        }
      }
      // Every browser has left: only the Java keeper holds the document now.
      for (int i = 0; i < JOINS + 1; i++) {
        double[] t = join(room, length);
        if (i > 0) {
          fromKeeper.add(t[0]);
          fromKeeperJoin.add(t[1]);
        }
      }
    }
    report.append(String.format("Late joiner: Alice builds Notes from %,d edits of %d characters at random places "
            + "(%,d characters; %.1f s in her page), while a Java `keep` peer is in the room. Then %d times (after "
            + "one warm-up) a fresh page joins and the time runs from its navigation start until its editor holds all "
            + "%,d characters; first with Alice and the keeper there, then with only the keeper. Baseline: the same "
            + "join's navigation → data channel open (not the document's part).%n%n",
            EDITS, EDIT_CHARS, length, buildMs / 1000, JOINS, length))
        .append("| measure | p50 ms | p95 ms | min | max |\n|---|---|---|---|---|\n")
        .append(row("late joiner gets the document (a browser and the keeper in the room)", fromBrowser))
        .append(row("  baseline: the same joins → data channel open", fromBrowserJoin))
        .append(row("late joiner gets the document (only the Java keeper in the room)", fromKeeper))
        .append(row("  baseline: the same joins → data channel open", fromKeeperJoin))
        .append("\n");
  }

  /** {document received, data channel open} in ms since the new page's navigation start. */
  private double[] join(String room, int length) {
    BrowserContext context = browser.newContext();
    try {
      Page page = context.newPage();
      page.navigate(room);
      double open = ((Number) page.evaluate(CHANNEL_OPEN_MS)).doubleValue();
      double received = ((Number) page.evaluate(WAIT_FOR_LENGTH, length)).doubleValue();
      return new double[] {received, open};
    } finally {
      context.close();
    }
  }

  private static double p(List<Double> samples, double percentile) {
    List<Double> sorted = new ArrayList<>(samples);
    Collections.sort(sorted);
    int rank = (int) Math.ceil(percentile / 100.0 * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }

  private static String row(String label, List<Double> samples) {
    return String.format("| %s | %.1f | %.1f | %.1f | %.1f |%n", label, p(samples, 50), p(samples, 95),
        Collections.min(samples), Collections.max(samples));
  }
}
