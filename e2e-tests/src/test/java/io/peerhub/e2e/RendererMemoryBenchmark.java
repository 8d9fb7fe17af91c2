package io.peerhub.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import io.peerhub.testkit.TestFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The room page's renderer memory, as people use it (issue 12, "A light tab"): Bob's page runs in
 * a Chromium of its own (a persistent profile, as a real user's browser), and the RSS of the
 * renderer that runs it (found by its CPU time, {@link RssSampler#rendererOf}) is sampled from
 * /proc every 50 ms for a few seconds in each state, the peak kept:
 *
 * <ol>
 *   <li>about:blank in the same Chromium: what any page costs, the baseline;
 *   <li>the room page alone, then with Alice connected and verified, nobody using documents;
 *   <li>receiving 1 GiB over a bare data channel from Alice's page (only counted: no framing, disk
 *       or hash), then idle again: what receiving costs this renderer before Peerhub does anything;
 *   <li>receiving a 1 GiB file from Alice (accept → verified, handed over), then idle again;
 *   <li>with the documents opened (Automerge's wasm and the editor loaded, Notes open).
 * </ol>
 *
 * <p>Run: {@code mvn -q install -DskipTests && mvn -pl e2e-tests -Pbench test -Dtest=RendererMemoryBenchmark}
 * ({@code -Dbench.memoryMiB=1024 -Dbench.settleMs=3000}).
 */
class RendererMemoryBenchmark extends BrowserStory {

  private static final long MIB = 1024 * 1024;
  private static final long RECEIVE_BYTES = Long.getLong("bench.memoryMiB", 1024) * MIB;
  private static final long SETTLE_MS = Long.getLong("bench.settleMs", 3000);

  @TempDir
  Path tmp;

  @Test
  void renderer_memory_idle_receiving_and_with_documents() throws Exception {
    String loadBefore = BenchmarkReport.loadAverage();
    String room = newRoomUrl();
    Path profile = Files.createDirectories(tmp.resolve("bob-profile"));
    BrowserContext bobContext = Chromium.launchPersistent(playwright, profile);
    long blank;
    long alone;
    long withPeer;
    long bareReceiving;
    long afterBare;
    long receiving;
    long afterReceiving;
    long withDocuments;
    long browserReceiving;
    Page blankPage = bobContext.pages().get(0);
    blankPage.navigate("about:blank");
    blank = RssSampler.peakOver(RssSampler.rendererOf(blankPage, profile), SETTLE_MS);
    try (RoomPage bob = RoomPage.openIn(bobContext, room, "Bob")) {
      bob.page().waitForFunction("() => performance.getEntriesByName('peerhub:welcome').length > 0");
      long renderer = RssSampler.rendererOf(bob.page(), profile);
      alone = RssSampler.peakOver(renderer, SETTLE_MS);
      try (RoomPage alice = RoomPage.open(browser, room, "Alice")) {
        alice.shouldSeeConnected("Bob");
        bob.shouldSeeConnected("Alice");
        withPeer = RssSampler.peakOver(renderer, SETTLE_MS);
        assertThat(bob.documentsEngineFetched()).as("documents stayed closed").isFalse();

        try (RssSampler sampler = new RssSampler(profile).start()) {
          BareChannel.blast(alice.page(), bob.page(), RECEIVE_BYTES);
          sampler.close();
          bareReceiving = sampler.peakOf(renderer);
        }
        afterBare = RssSampler.peakOver(renderer, SETTLE_MS);

        Path file = TestFiles.randomFile(tmp.resolve("out/memory.bin"), RECEIVE_BYTES, RECEIVE_BYTES);
        try (RssSampler sampler = new RssSampler(profile).start()) {
          alice.sendFilesTo("Bob", file);
          assertThat(bob.offerFrom("Alice")).isVisible();
          Download download = bob.acceptAndDownload("Alice", 900_000);
          download.delete();
          sampler.close();
          receiving = sampler.peakOf(renderer);
          browserReceiving = sampler.peakBrowser();
        }
        assertThat(bob.transfer("memory.bin").first()).containsText("verified");
        Files.delete(file);
        afterReceiving = RssSampler.peakOver(renderer, SETTLE_MS);

        bob.showDocuments();
        assertThat(bob.documentEditor()).isVisible();
        withDocuments = RssSampler.peakOver(renderer, SETTLE_MS);
      }
    }
    new BenchmarkReport("Renderer memory: the room page idle, receiving, with documents (Chromium)",
        "mvn -pl e2e-tests -Pbench test -Dtest=RendererMemoryBenchmark")
        .line("| Bob's page (peak RSS of its renderer over " + SETTLE_MS + " ms, sampled every 50 ms) | MB |")
        .line("|---|---|")
        .line(row("about:blank in the same Chromium (baseline)", blank))
        .line(row("room page alone", alone))
        .line(row("room page with a verified peer, documents not opened (goal ≤ 150 MB)", withPeer))
        .line(row("receiving " + RECEIVE_BYTES / MIB + " MiB over a bare data channel, only counted (peak)", bareReceiving))
        .line(row("idle again after the bare channel", afterBare))
        .line(row("receiving " + RECEIVE_BYTES / MIB + " MiB with Peerhub (peak during the transfer)", receiving))
        .line(row("idle again after receiving", afterReceiving))
        .line(row("documents opened (Notes in the editor)", withDocuments))
        .line("")
        .line(String.format("Receiving over the bare channel adds **%d MB** over the idle page with a peer.",
            (bareReceiving - withPeer) / 1_000_000))
        .line(String.format("Receiving adds **%d MB** over the idle page with a peer (goal ≤ 40 MB); room page"
            + " with a peer over about:blank: %d MB; opening documents adds %d MB; Bob's browser process peaked"
            + " at %d MB while receiving.", (receiving - withPeer) / 1_000_000, (withPeer - blank) / 1_000_000,
            (withDocuments - afterReceiving) / 1_000_000, browserReceiving / 1_000_000))
        .line("")
        .line("Load average (1/5/15 min) before: " + loadBefore + "; after: " + BenchmarkReport.loadAverage())
        .write("renderer-memory.md");
    assertThat(withDocuments).isPositive();
  }

  private static String row(String what, long bytes) {
    return String.format("| %s | %d |", what, bytes / 1_000_000);
  }
}
