package io.peerhub.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import io.peerhub.testkit.TestFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `Send to everyone` to four receivers against sending to one, in the same run (issue 12, "Many
 * receivers"): Alice's page in the shared Chromium, each receiver in a Chromium of its own (a
 * persistent profile, as people are). Rounds alternate: the file to Bob alone, then the same file
 * to all four with `Send to everyone`, every receiver accepting at once.
 *
 * <p>The baseline, in the same rounds: bare RTCDataChannels from Alice's page (SDP passed by the
 * test), 256 KiB messages from memory with Peerhub's flow control, to one receiver and then to
 * all four at once. On two cores the five browsers' CPU, not Alice's uplink, is what the four
 * share; the bare channel's own four-to-one ratio says how much of that is the machine.
 *
 * <p>Each receiver's rate is timed in its own page: for Peerhub from its click on Accept to its
 * transfer item turning verified, for the bare channel from its first byte to its last. Alice's reads are counted from the page's `peerhub:file-read` marks:
 * bytes read from disk, against the file's size.
 *
 * <p>Run: {@code mvn -q install -DskipTests && mvn -pl e2e-tests -Pbench test -Dtest=FanOutBenchmark}
 * ({@code -Dbench.fanoutMiB=64 -Dbench.rounds=3}).
 */
class FanOutBenchmark extends BrowserStory {

  private static final long MIB = 1024 * 1024;
  private static final long FILE_BYTES = Long.getLong("bench.fanoutMiB", 64) * MIB;
  private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
  private static final List<String> RECEIVERS = List.of("Bob", "Carol", "Dave", "Erin");

  /** Arms a receiver page: the time of its next Accept click and of its next verified transfer. */
  private static final String ARM = """
      () => {
        const verified = () => document.querySelectorAll('li.transfer.in[data-state="verified"]').length;
        const before = verified();
        window.__fan = { acceptAt: 0 };
        if (!window.__fanListening) {
          window.__fanListening = true;
          document.addEventListener('click', (e) => {
            const t = e.target;
            if (t instanceof HTMLButtonElement && t.textContent === 'Accept' && !window.__fan.acceptAt) window.__fan.acceptAt = performance.now();
          }, true);
        }
        window.__fan.done = new Promise((resolve) => {
          const obs = new MutationObserver(() => {
            if (verified() > before) { obs.disconnect(); resolve(performance.now()); }
          });
          obs.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state'] });
        });
      }""";
  private static final String ELAPSED = "async () => { const end = await window.__fan.done; return end - window.__fan.acceptAt; }";

  private static final String BARE_OFFER = """
      async (key) => {
        window.__bare ??= {};
        const pc = new RTCPeerConnection();
        const ch = pc.createDataChannel('bench-blast', { ordered: true });
        ch.binaryType = 'arraybuffer';
        window.__bare[key] = { pc, ch };
        await pc.setLocalDescription();
        await new Promise(r => pc.iceGatheringState === 'complete' ? r() : pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && r()));
        return JSON.stringify(pc.localDescription);
      }""";
  private static final String BARE_ANSWER = """
      async ([offer, total]) => {
        const pc = new RTCPeerConnection();
        let received = 0, first = 0;
        const done = new Promise(resolve => {
          pc.ondatachannel = ({ channel }) => {
            channel.binaryType = 'arraybuffer';
            channel.onmessage = e => {
              if (!first) first = performance.now();
              received += e.data.byteLength;
              if (received >= total) resolve(performance.now() - first);
            };
          };
        });
        window.__bare = { pc, done };
        await pc.setRemoteDescription(JSON.parse(offer));
        await pc.setLocalDescription();
        await new Promise(r => pc.iceGatheringState === 'complete' ? r() : pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && r()));
        return JSON.stringify(pc.localDescription);
      }""";
  private static final String BARE_CONNECT = """
      async ([key, answer]) => {
        const { pc, ch } = window.__bare[key];
        await pc.setRemoteDescription(JSON.parse(answer));
        if (ch.readyState !== 'open') await new Promise(r => ch.onopen = r);
        return pc.sctp.maxMessageSize;
      }""";
  private static final String BARE_BLAST = """
      ([keys, total, chunk]) => {
        const data = new Uint8Array(chunk);
        crypto.getRandomValues(data.subarray(0, 65536));
        for (const key of keys) {
          const ch = window.__bare[key].ch;
          ch.bufferedAmountLowThreshold = 1024 * 1024;
          let sent = 0;
          const pump = () => {
            while (sent < total) {
              if (ch.bufferedAmount > 4 * 1024 * 1024) { ch.onbufferedamountlow = () => { ch.onbufferedamountlow = null; pump(); }; return; }
              const n = Math.min(chunk, total - sent);
              ch.send(n === chunk ? data : data.subarray(0, n));
              sent += n;
            }
          };
          pump();
        }
      }""";

  @TempDir
  Path tmp;

  @Test
  void send_to_everyone_against_one_receiver() throws Exception {
    String loadBefore = BenchmarkReport.loadAverage();
    String room = newRoomUrl();
    List<BrowserContext> contexts = new ArrayList<>();
    List<RoomPage> receivers = new ArrayList<>();
    List<Double> single = new ArrayList<>();
    List<List<Double>> fanned = new ArrayList<>();
    List<Long> readSingle = new ArrayList<>();
    List<Long> readFanned = new ArrayList<>();
    List<String> loads = new ArrayList<>();
    List<Double> bareSingle = new ArrayList<>();
    List<List<Double>> bareFanned = new ArrayList<>();
    try (RoomPage alice = RoomPage.open(browser, room, "Alice")) {
      for (String name : RECEIVERS) {
        BrowserContext context = Chromium.launchPersistent(playwright, Files.createDirectories(tmp.resolve(name)));
        contexts.add(context);
        receivers.add(RoomPage.openIn(context, room, name));
      }
      for (String name : RECEIVERS) alice.shouldSeeConnected(name);
      Path file = TestFiles.randomFile(tmp.resolve("out/fan.bin"), FILE_BYTES, FILE_BYTES);
      for (int round = 0; round < ROUNDS; round++) {
        loads.add(BenchmarkReport.loadAverage().split(" ")[0]);
        bareSingle.add(bare(alice, receivers.subList(0, 1)).get(0));
        bareFanned.add(bare(alice, receivers));
        clearReads(alice);
        receivers.get(0).page().evaluate(ARM);
        alice.sendFilesTo("Bob", file);
        assertThat(receivers.get(0).offerFrom("Alice")).isVisible();
        receivers.get(0).accept("Alice");
        single.add(mibps(receivers.get(0)));
        readSingle.add(readBytes(alice));

        clearReads(alice);
        for (RoomPage r : receivers) r.page().evaluate(ARM);
        alice.sendToEveryone(file);
        for (RoomPage r : receivers) assertThat(r.offerFrom("Alice")).isVisible();
        for (RoomPage r : receivers) r.accept("Alice");
        List<Double> rates = new ArrayList<>();
        for (RoomPage r : receivers) rates.add(mibps(r));
        fanned.add(rates);
        readFanned.add(readBytes(alice));
      }
    } finally {
      for (RoomPage r : receivers) r.close();
      for (BrowserContext c : contexts) c.close();
    }

    double singleMedian = new Percentiles(single).p(50);
    double bareSingleMedian = new Percentiles(bareSingle).p(50);
    Percentiles each = new Percentiles(fanned.stream().flatMap(List::stream).toList());
    Percentiles bareEach = new Percentiles(bareFanned.stream().flatMap(List::stream).toList());
    double peerhubShare = each.p(50) / singleMedian;
    double bareShare = bareEach.p(50) / bareSingleMedian;
    BenchmarkReport report = new BenchmarkReport("Send to everyone: four receivers against one (Chromium, five browsers)",
        "mvn -pl e2e-tests -Pbench test -Dtest=FanOutBenchmark");
    report.line("| round | bare: one MiB/s | bare: each of four | Peerhub: one MiB/s | Peerhub: each of four | Alice read, one / four (× file) | load (1 min) |")
        .line("|---|---|---|---|---|---|---|");
    for (int i = 0; i < ROUNDS; i++) {
      report.line(String.format("| %d | %.1f | %s | %.1f | %s | %.2f / %.2f | %s |", i + 1, bareSingle.get(i),
          rates(bareFanned.get(i)), single.get(i), rates(fanned.get(i)),
          readSingle.get(i) / (double) FILE_BYTES, readFanned.get(i) / (double) FILE_BYTES, loads.get(i)));
    }
    report.line("")
        .line(String.format("%d MiB per transfer, %d rounds. Each of four receivers against one receiver, medians:"
            + " bare channel **%.2f** (%.1f of %.1f MiB/s), Peerhub **%.2f** (%.1f of %.1f MiB/s, min %.1f);"
            + " Peerhub's share relative to the bare channel's: **%.2f**.",
            FILE_BYTES / MIB, ROUNDS, bareShare, bareEach.p(50), bareSingleMedian, peerhubShare, each.p(50),
            singleMedian, each.min(), peerhubShare / bareShare))
        .line("")
        .line("Load average (1/5/15 min) before: " + loadBefore + "; after: " + BenchmarkReport.loadAverage() + ".")
        .write("fan-out.md");
    assertThat(each.count()).isEqualTo(ROUNDS * RECEIVERS.size());
    assertThat(readFanned).allMatch(bytes -> bytes >= FILE_BYTES);
  }

  private static String rates(List<Double> rates) {
    return String.join(", ", rates.stream().map(r -> String.format("%.1f", r)).toList());
  }

  /** Bare channels from Alice to each of {@code to} at once; each receiver's MiB/s, first byte to last. */
  private static List<Double> bare(RoomPage alice, List<RoomPage> to) {
    List<String> keys = new ArrayList<>();
    int chunk = 262_144;
    for (int i = 0; i < to.size(); i++) {
      String key = "r" + i;
      keys.add(key);
      String offer = (String) alice.page().evaluate(BARE_OFFER, key);
      String answer = (String) to.get(i).page().evaluate(BARE_ANSWER, List.of(offer, (double) FILE_BYTES));
      chunk = Math.min(chunk, ((Number) alice.page().evaluate(BARE_CONNECT, List.of(key, answer))).intValue());
    }
    alice.page().evaluate(BARE_BLAST, List.of(keys, (double) FILE_BYTES, chunk));
    List<Double> rates = new ArrayList<>();
    for (RoomPage r : to) {
      double ms = ((Number) r.page().evaluate("() => window.__bare.done")).doubleValue();
      rates.add(FILE_BYTES / (double) MIB / (ms / 1000));
      r.page().evaluate("() => window.__bare.pc.close()");
    }
    alice.page().evaluate("() => { for (const k in window.__bare) window.__bare[k].pc.close(); window.__bare = {}; }");
    return rates;
  }

  private static void clearReads(RoomPage alice) {
    alice.page().evaluate("() => performance.clearMarks('peerhub:file-read')");
  }

  /** Bytes Alice read from disk, once every reader of the round has closed (their marks are in). */
  private static long readBytes(RoomPage alice) {
    alice.page().waitForFunction("() => document.querySelectorAll('li.transfer.out:not([data-state=\"verified\"])').length === 0"
        + " && performance.getEntriesByName('peerhub:file-read').length > 0");
    return alice.bytesReadFromDisk();
  }

  private static double mibps(RoomPage receiver) {
    double ms = ((Number) receiver.page().evaluate(ELAPSED)).doubleValue();
    return FILE_BYTES / (double) MIB / (ms / 1000);
  }
}
