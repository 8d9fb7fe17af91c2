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
  /** A/A control: the "checked" pair's room is on the hub without a policy too, to show the pairs' own bias. */
  private static final boolean CONTROL = Boolean.getBoolean("bench.control");

  @TempDir
  Path tmp;

  private record Load(String what, Path[] files, String label, long bytes) {}

  /** One transfer: its rate, its time, and the time each page's check took (0 without a policy). */
  private record Round(double mibPerSecond, double millis, double sendCheckMillis, double receiveCheckMillis) {}

  /** The sum of the page's `peerhub:policy-check` User Timing entries of one side, since the last clear. */
  private static final String CHECK_MILLIS = "side => performance.getEntriesByName('peerhub:policy-check')"
      + ".filter(e => e.detail === side).reduce((n, e) => n + e.duration, 0)";

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
    String checked = CONTROL ? newRoomUrl() : hubRoomUrl();
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
        List<Double> shares = new ArrayList<>();
        double sendCheck = 0;
        for (int round = 0; round < ROUNDS; round++) {
          String avg = BenchmarkReport.loadAverage().split(" ")[0];
          Round open1;
          Round checked1;
          // Alternating which goes first, so a drift in the machine's load favours neither.
          if (round % 2 == 0) {
            open1 = transfer(aliceOpen, bobOpen, load);
            checked1 = transfer(aliceChecked, bobChecked, load);
          } else {
            checked1 = transfer(aliceChecked, bobChecked, load);
            open1 = transfer(aliceOpen, bobOpen, load);
          }
          // The instrument itself: the checked receiver judged every file, the open one none.
          if (!CONTROL) assertThat(checked1.receiveCheckMillis()).isPositive();
          else assertThat(checked1.receiveCheckMillis()).isZero();
          assertThat(open1.receiveCheckMillis()).isZero();
          without.add(open1.mibPerSecond());
          withCheck.add(checked1.mibPerSecond());
          double share = checked1.receiveCheckMillis() / checked1.millis();
          shares.add(share);
          sendCheck = Math.max(sendCheck, checked1.sendCheckMillis());
          rows.add(String.format("| %s | %d | %.2f | %.2f | %.3f | %.1f | %.1f | %.2f %% | %s |", load.what(), round + 1,
              open1.mibPerSecond(), checked1.mibPerSecond(), checked1.mibPerSecond() / open1.mibPerSecond(),
              checked1.sendCheckMillis(), checked1.receiveCheckMillis(), share * 100, avg));
        }
        double ratio = new Percentiles(withCheck).p(50) / new Percentiles(without).p(50);
        summary.add(String.format("| %s | %.2f | %.2f | **%.3f** (%+.1f %%) | **%.2f %%** (max %.2f %%) | %.0f ms |", load.what(),
            new Percentiles(without).p(50), new Percentiles(withCheck).p(50), ratio, (ratio - 1) * 100,
            new Percentiles(shares).p(50) * 100, shares.stream().mapToDouble(Double::doubleValue).max().orElse(0) * 100,
            sendCheck));
      }
    }
    new BenchmarkReport("Hub policy: the content check's cost on a transfer (Chromium → Chromium)"
        + (CONTROL ? ", A/A control: neither pair under a policy" : ""),
        "mvn -pl e2e-tests -Pbench test -Dtest=PolicyCheckBenchmark" + (CONTROL ? " -Dbench.control=true" : ""))
        .line(String.format("Median MiB/s over %d interleaved rounds, accept → verified and handed over; the same two"
            + " browsers, one room on a hub with a policy (checked) and one on a hub without (unchecked).", ROUNDS))
        .line("")
        .line("Check share: the receiving page's time judging heads (User Timing `peerhub:policy-check`, wall"
            + " time, so an upper bound on its work) over the transfer's time. Sender's check: its longest time"
            + " judging the picked files, spent before the offer, outside the transfer's time.")
        .line("")
        .line("| load | unchecked MiB/s | checked MiB/s | checked / unchecked | check share (median) | sender's check |")
        .line("|---|---|---|---|---|---|")
        .lines(summary)
        .line("")
        .line("| load | round | unchecked MiB/s | checked MiB/s | ratio | sender's check ms | receiver's check ms | check share | load average (1 min) before |")
        .line("|---|---|---|---|---|---|---|---|---|")
        .lines(rows)
        .line("")
        .line("Load average (1/5/15 min) before: " + loadBefore + "; after: " + BenchmarkReport.loadAverage() + ".")
        .write(CONTROL ? "policy-check-control.md" : "policy-check.md");
    assertThat(rows).hasSize(ROUNDS * loads.size());
  }

  /** One transfer, timed from Accept to the verified files' download starting. */
  private static Round transfer(RoomPage alice, RoomPage bob, Load load) {
    alice.page().evaluate("() => performance.clearMeasures('peerhub:policy-check')");
    bob.page().evaluate("() => performance.clearMeasures('peerhub:policy-check')");
    alice.sendFilesTo("Bob", load.files());
    assertThat(bob.offerFrom("Alice")).isVisible();
    long start = System.nanoTime();
    Download download = bob.acceptAndDownload("Alice", 600_000);
    double millis = (System.nanoTime() - start) / 1e6;
    download.delete();
    assertThat(bob.transfer(load.label()).first()).containsText("verified");
    double sendCheck = ((Number) alice.page().evaluate(CHECK_MILLIS, "send")).doubleValue();
    double receiveCheck = ((Number) bob.page().evaluate(CHECK_MILLIS, "receive")).doubleValue();
    return new Round(load.bytes() / (double) MIB / (millis / 1000), millis, sendCheck, receiveCheck);
  }
}
