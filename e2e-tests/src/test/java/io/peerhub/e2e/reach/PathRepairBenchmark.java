package io.peerhub.e2e.reach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import io.peerhub.e2e.BenchmarkReport;
import io.peerhub.e2e.Percentiles;
import io.peerhub.e2e.RoomPage;
import io.peerhub.server.PeerhubServer;
import io.peerhub.testkit.TestFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How long a transfer stays stalled after its path comes back (docs/protocol.md "Repairing a
 * connection"): two pages on two test hosts, a fresh file per outage; at 20 % of it the path
 * goes (the {@link DirectPath} cut, or the relay stopped) for at least 5 s and until both pages
 * noticed, then returns; measured is the time from its return until the receiver's progress
 * moves again, read in the page every 10 ms. Each outage also says how it was repaired: ICE
 * restarted on the same connection, or the connection rebuilt.
 *
 * <p>Run: {@code mvn -q install -DskipTests && mvn -pl e2e-tests -Pbench test -Dtest=PathRepairBenchmark}
 */
class PathRepairBenchmark extends ReachStage {

    private static final int OUTAGES = Integer.getInteger("bench.outages", 6);
    private static final long MIB = 1024 * 1024;
    private static final long FILE_BYTES = 48 * MIB;
    private static final LocatorAssertions.ContainsTextOptions LONG =
            new LocatorAssertions.ContainsTextOptions().setTimeout(180_000);

    /** Resolves once the progress of {@code name} in the page is past {@code before} percent. */
    private static final String MOVES_PAST = """
            ([name, before]) => [...document.querySelectorAll('[role=progressbar]')]
              .some(b => (b.getAttribute('aria-label') || '').startsWith(name + ' ')
                && Number(b.getAttribute('aria-valuenow')) > before)""";

    @TempDir
    Path tmp;

    record Outage(double stalledMs, double brokenMs, boolean rebuilt) {}

    @Test
    void time_from_the_path_coming_back_to_the_transfer_moving_again() {
        assumeTrue(mode == ReachMode.TEST_HOSTS, "a path to cut needs two test hosts");
        PeerhubServer directHub = startServer(hubConfig());
        List<Outage> direct;
        try (DirectPath path = DirectPath.open(hosts.host(A), hosts.host(B))) {
            direct = outages("direct", directHub, path::cut, path::restore);
        }
        // The path closed again: the hosts reach each other only through the relay.
        hosts.proveIsolated(server.port());
        List<Outage> relayed = outages("relayed", server, coturn::stop, coturn::start);

        new BenchmarkReport("Repair: path back → transfer moving again (Chromium, two test hosts)",
                "mvn -pl e2e-tests -Pbench test -Dtest=PathRepairBenchmark")
                .line("| path (" + OUTAGES + " outages each, " + FILE_BYTES / MIB + " MiB per transfer) "
                        + "| p50 ms | p95 ms | min | max | outage p50 ms | rebuilt |")
                .line("|---|---|---|---|---|---|---|")
                .line(row("direct, the path between the hosts cut", direct))
                .line(row("relayed, coturn stopped and started (allocations lost)", relayed))
                .line("")
                .line("Stalled: from the path's return (the routes back, or coturn answering again) until the "
                        + "receiver's progress grew. Outage: from the cut until both pages had noticed it and the "
                        + "path came back. Rebuilt: outages after which a new connection carried the transfer "
                        + "(the others were mended by an ICE restart, or by ICE itself, on the same connection).")
                .write("path-repair.md");
    }

    private List<Outage> outages(String label, PeerhubServer hub, Runnable breakIt, Runnable mendIt) {
        List<Outage> out = new ArrayList<>();
        String room = newRoomUrl(hub);
        try (RoomPage alice = openOn(A, room, "Alice");
             RoomPage bob = openOn(B, room, "Bob")) {
            alice.shouldSeeConnected("Bob");
            bob.shouldSeeConnected("Alice");
            for (int i = 0; i < OUTAGES; i++) {
                String name = label + "-" + i + ".bin";
                Path file = TestFiles.randomFile(tmp.resolve("out/" + name), FILE_BYTES, 100 + i);
                int connectionsBefore = RtcHook.states(bob.page()).size();
                alice.dropFilesOn("Bob", file);
                double[] stalled = new double[2];
                Download download = bob.page().waitForDownload(new Page.WaitForDownloadOptions().setTimeout(180_000), () -> {
                    bob.accept("Alice");
                    RelayOutageStoryTest.awaitProgress(bob, name, 20);
                    long cut = System.nanoTime();
                    PathRepairStoryTest.outage(breakIt, () -> { }, () -> { }, alice, bob);
                    double percent = Double.parseDouble(bob.progressOf(name).getAttribute("aria-valuenow"));
                    mendIt.run();
                    long back = System.nanoTime();
                    bob.page().waitForFunction(MOVES_PAST, List.of(name, percent),
                            new Page.WaitForFunctionOptions().setPollingInterval(10).setTimeout(120_000));
                    stalled[0] = (System.nanoTime() - back) / 1e6;
                    stalled[1] = (back - cut) / 1e6;
                });
                Path saved = tmp.resolve("in/" + download.suggestedFilename());
                download.saveAs(saved);
                assertThat(TestFiles.sha256(saved)).isEqualTo(TestFiles.sha256(file));
                com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat(alice.transfer(name))
                        .containsText("verified", LONG);
                boolean rebuilt = RtcHook.states(bob.page()).size() > connectionsBefore;
                out.add(new Outage(stalled[0], stalled[1], rebuilt));
                System.out.printf("%s outage %d: broken %.0f ms, moving again %.0f ms after the path came back%s%n",
                        label, i, stalled[1], stalled[0], rebuilt ? " (connection rebuilt)" : "");
                saved.toFile().delete();
                file.toFile().delete();
            }
        }
        return out;
    }

    private static String row(String label, List<Outage> outages) {
        Percentiles stalled = new Percentiles(outages.stream().map(Outage::stalledMs).toList());
        Percentiles broken = new Percentiles(outages.stream().map(Outage::brokenMs).toList());
        long rebuilt = outages.stream().filter(Outage::rebuilt).count();
        return String.format("| %s | %.0f | %.0f | %.0f | %.0f | %.0f | %d of %d |", label, stalled.p(50), stalled.p(95),
                stalled.min(), stalled.max(), broken.p(50), rebuilt, outages.size());
    }
}
