package io.peerhub.e2e.policy;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import io.peerhub.e2e.BenchmarkReport;
import io.peerhub.e2e.Chromium;
import io.peerhub.e2e.Percentiles;
import io.peerhub.e2e.RoomPage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the hub policy's content check costs a transfer, browser → browser: the same files sent
 * between two pages in a room of a hub with a policy (the sender reads and judges each file's
 * first 64 KiB; the receiver judges each offer, then holds back and judges each file's first
 * 64 KiB before staging it) and between two pages in a room of a hub without one (no check at
 * all), in interleaved rounds of the same run. Two loads: one large file, where the check runs
 * once, and many small files, where it runs per file. Goal: under 2 % slower.
 *
 * <p>The files start with a real PDF signature, so both detection libraries find a document and
 * the policy (blocking video) lets them through: the check runs to its end, as it does for work files.
 *
 * <p>Run: {@code mvn -q install -DskipTests && mvn -pl e2e-tests -Pbench test -Dtest=PolicyCheckBenchmark}
 */
class PolicyCheckBenchmark extends PolicyStage {

  private static final int MIB = 1024 * 1024;
  private static final int ROUNDS = Integer.getInteger("bench.rounds", 5);
  private static final int LARGE_MIB = Integer.getInteger("bench.largeMiB", 64);
  private static final int SMALL_FILES = Integer.getInteger("bench.smallFiles", 64);
  private static final int SMALL_BYTES = 512 * 1024;

  @TempDir
  Path tmp;

  private record Load(String what, Path[] files, String label, long bytes) {}

  @Test
  void the_content_check_against_no_check() throws Exception {
    String loadBefore = BenchmarkReport.loadAverage();
    Path large = fileLike("manual.pdf", tmp.resolve("out/large/large.pdf"), LARGE_MIB * MIB);
    Path[] small = IntStream.range(0, SMALL_FILES)
        .mapToObj(i -> fileLike("manual.pdf", tmp.resolve("out/small/part-" + i + ".pdf"), SMALL_BYTES + i))
        .toArray(Path[]::new);
    long smallBytes = 0;
    for (Path p : small) {
      smallBytes += Files.size(p);
    }
    List<Load> loads = List.of(
        new Load(LARGE_MIB + " MiB, one file", new Path[] {large}, "large.pdf", (long) LARGE_MIB * MIB),
        new Load(SMALL_FILES + " files of 512 KiB", small, SMALL_FILES + " files", smallBytes));

    // Each receiver in a browser of its own, as a person's is: a second page of one browser would be a background tab.
    BrowserContext checkedReceiver = Chromium.launchPersistent(playwright, Files.createDirectories(tmp.resolve("bob-checked")));
    BrowserContext openReceiver = Chromium.launchPersistent(playwright, Files.createDirectories(tmp.resolve("bob-open")));
    String checked = hubRoomUrl();
    String open = newRoomUrl();
    List<String> rows = new ArrayList<>();
    List<String> summary = new ArrayList<>();
    try (RoomPage aliceChecked = RoomPage.open(browser, checked, "Alice");
         RoomPage bobChecked = RoomPage.openIn(checkedReceiver, checked, "Bob");
         RoomPage aliceOpen = RoomPage.open(browser, open, "Alice");
         RoomPage bobOpen = RoomPage.openIn(openReceiver, open, "Bob")) {
      aliceChecked.shouldSeeConnected("Bob");
      aliceOpen.shouldSeeConnected("Bob");
      for (Load load : loads) {
        List<Double> withCheck = new ArrayList<>();
        List<Double> without = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
          String avg = BenchmarkReport.loadAverage().split(" ")[0];
          // Alternating which goes first, so a drift in the machine's load favours neither.
          if (round % 2 == 0) {
            without.add(transfer(aliceOpen, bobOpen, load));
            withCheck.add(transfer(aliceChecked, bobChecked, load));
          } else {
            withCheck.add(transfer(aliceChecked, bobChecked, load));
            without.add(transfer(aliceOpen, bobOpen, load));
          }
          rows.add(String.format("| %s | %d | %.2f | %.2f | %.3f | %s |", load.what(), round + 1,
              without.get(round), withCheck.get(round), withCheck.get(round) / without.get(round), avg));
        }
        double ratio = new Percentiles(withCheck).p(50) / new Percentiles(without).p(50);
        summary.add(String.format("| %s | %.2f | %.2f | **%.3f** (%+.1f %%) |", load.what(),
            new Percentiles(without).p(50), new Percentiles(withCheck).p(50), ratio, (ratio - 1) * 100));
      }
    }
    new BenchmarkReport("Hub policy: the content check's cost on a transfer (Chromium → Chromium)",
        "mvn -pl e2e-tests -Pbench test -Dtest=PolicyCheckBenchmark")
        .line(String.format("Median MiB/s over %d interleaved rounds, accept → verified and handed over; the same two"
            + " browsers, one room on a hub with a policy (checked) and one on a hub without (unchecked).", ROUNDS))
        .line("")
        .line("| load | unchecked MiB/s | checked MiB/s | checked / unchecked |")
        .line("|---|---|---|---|")
        .lines(summary)
        .line("")
        .line("| load | round | unchecked MiB/s | checked MiB/s | ratio | load average (1 min) before |")
        .line("|---|---|---|---|---|---|")
        .lines(rows)
        .line("")
        .line("Load average (1/5/15 min) before: " + loadBefore + "; after: " + BenchmarkReport.loadAverage() + ".")
        .write("policy-check.md");
    assertThat(rows).hasSize(ROUNDS * loads.size());
  }

  /** MiB/s from Accept to the verified files' download starting. */
  private static double transfer(RoomPage alice, RoomPage bob, Load load) {
    alice.sendFilesTo("Bob", load.files());
    assertThat(bob.offerFrom("Alice")).isVisible();
    long start = System.nanoTime();
    Download download = bob.acceptAndDownload("Alice", 600_000);
    double seconds = (System.nanoTime() - start) / 1e9;
    download.delete();
    assertThat(bob.transfer(load.label()).first()).containsText("verified");
    return load.bytes() / (double) MIB / seconds;
  }
}
