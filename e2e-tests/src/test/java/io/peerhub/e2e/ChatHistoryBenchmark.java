package io.peerhub.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import io.peerhub.peer.chat.ChatFile;
import io.peerhub.peer.mesh.DeviceIdentity;
import io.peerhub.protocol.peer.ChatEntry;
import io.peerhub.protocol.trust.RoomKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A late joiner's time to a 10,000-message history (docs/protocol.md "Chat history"), from a
 * browser that holds it and from the Java keeper that holds it: navigation to the room link →
 * the answer complete and every entry in the chat (web-client's `peerhub:history-answered`
 * mark), and the part after the peer was verified. The history is made up front: 10,000 entries
 * of five devices over three days, signed as real senders sign them.
 *
 * <p>Run: {@code mvn -q install -DskipTests && mvn -pl e2e-tests -Pbench test -Dtest=ChatHistoryBenchmark}
 */
class ChatHistoryBenchmark extends BrowserStory {

  private static final int ENTRIES = Integer.getInteger("bench.entries", 10_000);
  private static final int JOINS = Integer.getInteger("bench.joins", 5);
  private static final int WARMUP = 1;
  private static final LocatorAssertions.HasCountOptions LONG = new LocatorAssertions.HasCountOptions().setTimeout(120_000);

  private static List<ChatEntry> history(RoomKey room) {
    List<DeviceIdentity> devices = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      devices.add(DeviceIdentity.generate());
    }
    long now = System.currentTimeMillis();
    List<ChatEntry> out = new ArrayList<>();
    for (int i = 0; i < ENTRIES; i++) {
      DeviceIdentity d = devices.get(i % devices.size());
      out.add(d.signChat(room.roomId(), "m" + i, now - (ENTRIES - i) * 25_000L, "Person " + (i % devices.size()),
          "message " + i + ": the quick brown fox jumps over the lazy dog, https://example.org/" + i));
    }
    return out;
  }

  /** The answer-complete mark with the count it reports, and the peer-verified mark, after navigation. */
  private static final String MARKS = """
      (want) => new Promise(resolve => {
        const check = () => {
          const done = performance.getEntriesByName('peerhub:history-answered').find(e => e.detail.kept >= want);
          const verified = performance.getEntriesByName('peerhub:peer-verified')[0];
          if (done && verified) resolve([done.startTime, verified.startTime]);
        };
        new PerformanceObserver(check).observe({ type: 'mark', buffered: true });
        check();
      })""";

  private record Join(double total, double afterVerified) {}

  private Join join(String link) {
    BrowserContext context = browser.newContext();
    try {
      Page page = context.newPage();
      page.navigate(link);
      @SuppressWarnings("unchecked")
      List<Number> marks = (List<Number>) page.evaluate(MARKS, ENTRIES);
      assertThat(page.locator(".chat-entry")).hasCount(ENTRIES, LONG);
      return new Join(marks.get(0).doubleValue(), marks.get(0).doubleValue() - marks.get(1).doubleValue());
    } finally {
      context.close();
    }
  }

  private List<Join> joins(String link) {
    List<Join> out = new ArrayList<>();
    for (int i = 0; i < WARMUP + JOINS; i++) {
      Join j = join(link);
      if (i >= WARMUP) {
        out.add(j);
      }
    }
    return out;
  }

  @Test
  void a_late_joiners_time_to_a_10000_message_history() throws Exception {
    // From a browser that holds the history in IndexedDB (written there as it would have kept it).
    RoomKey fromPage = RoomKey.generate();
    List<ChatEntry> pageHistory = history(fromPage);
    List<Join> browserJoins;
    try (RoomPage host = RoomPage.open(browser, fromPage.link(server.baseUrl()), "Host")) {
      ArrayNode records = new JsonMapper().createArrayNode();
      for (ChatEntry e : pageHistory) {
        records.addObject().put("room", fromPage.roomId()).put("device", e.device()).put("id", e.id()).put("ts", e.ts())
            .put("name", e.name()).put("text", e.text()).put("key", e.key()).put("sig", e.sig());
      }
      host.page().evaluate("""
          (json) => new Promise((resolve, reject) => {
            const open = indexedDB.open('peerhub-chat', 1);
            open.onupgradeneeded = () => open.result.createObjectStore('entries', { keyPath: ['room', 'device', 'id'] });
            open.onsuccess = () => {
              const tx = open.result.transaction('entries', 'readwrite');
              for (const r of JSON.parse(json)) tx.objectStore('entries').put(r);
              tx.oncomplete = () => { open.result.close(); resolve(); };
              tx.onerror = () => reject(tx.error);
            };
          })""", records.toString());
      host.page().reload();
      assertThat(host.page().locator(".chat-entry")).hasCount(ENTRIES, LONG);
      browserJoins = joins(fromPage.link(server.baseUrl()));
    }

    // From the Java keeper alone, its file written as it would have kept it.
    RoomKey fromKeeper = RoomKey.generate();
    Path docs = Files.createTempDirectory("peerhub-bench-keep");
    new ChatFile(docs.resolve(ChatFile.NAME)).save(history(fromKeeper));
    List<Join> keeperJoins;
    try (PeerProcess keeper = PeerProcess.startSplit(docs.resolve("keep.out"),
        "keep", "--room", fromKeeper.link(server.baseUrl()), "--docs", docs.toString(), "--name", "Keeper")) {
      keeperJoins = joins(fromKeeper.link(server.baseUrl()));
    }

    Percentiles bt = new Percentiles(browserJoins.stream().map(Join::total).toList());
    Percentiles bv = new Percentiles(browserJoins.stream().map(Join::afterVerified).toList());
    Percentiles kt = new Percentiles(keeperJoins.stream().map(Join::total).toList());
    Percentiles kv = new Percentiles(keeperJoins.stream().map(Join::afterVerified).toList());
    long bytes = Files.size(docs.resolve(ChatFile.NAME));
    new BenchmarkReport("Chat history: a late joiner's time to a " + ENTRIES + "-message history (Chromium)",
        "mvn -pl e2e-tests -Pbench test -Dtest=ChatHistoryBenchmark")
        .line("| history held by (" + JOINS + " joins, " + WARMUP + " warm-up join dropped) | measure | p50 ms | p95 ms | min | max |")
        .line("|---|---|---|---|---|---|")
        .line(row("a browser (IndexedDB)", "navigation → every entry checked and shown", bt))
        .line(row("a browser (IndexedDB)", "peer verified → every entry checked and shown", bv))
        .line(row("the Java keeper (file)", "navigation → every entry checked and shown", kt))
        .line(row("the Java keeper (file)", "peer verified → every entry checked and shown", kv))
        .line("")
        .line(String.format("%d entries of 5 devices over %.1f days, %d bytes as the keeper's file; every entry's "
            + "Ed25519 signature is checked by the joiner (WebCrypto) before it is shown.",
            ENTRIES, ENTRIES * 25_000.0 / 86_400_000, bytes))
        .write("chat-history.md");
  }

  private static String row(String source, String label, Percentiles p) {
    return String.format("| %s | %s | %.0f | %.0f | %.0f | %.0f |", source, label, p.p(50), p.p(95), p.min(), p.max());
  }
}
