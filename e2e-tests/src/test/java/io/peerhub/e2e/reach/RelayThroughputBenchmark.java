package io.peerhub.e2e.reach;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.assertions.LocatorAssertions;
import io.peerhub.e2e.BenchmarkReport;
import io.peerhub.e2e.Percentiles;
import io.peerhub.e2e.RoomPage;
import io.peerhub.server.PeerhubServer;
import io.peerhub.testkit.TestFiles;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the relay costs a file: two pages on two test hosts send the same size of file, in
 * interleaved rounds, once over a direct path between the hosts ({@link DirectPath}, a hub with
 * no relay) and once through coturn (no path between the hosts, a hub minting credentials). Timed
 * from Accept until the verified file is handed over, so SHA-256 and staging are inside, as a
 * person sees it. Interleaving keeps a change in the machine's load from landing on one mode only.
 *
 * <p>Run: {@code mvn -pl e2e-tests -am -Pbench verify -Dtest=RelayThroughputBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 */
class RelayThroughputBenchmark extends ReachStage {

    private static final int ROUNDS = Integer.getInteger("bench.rounds", 5);
    private static final long MIB = 1024 * 1024;
    private static final long FILE_BYTES = Long.getLong("bench.mib", 48) * MIB;
    private static final LocatorAssertions.ContainsTextOptions LONG =
            new LocatorAssertions.ContainsTextOptions().setTimeout(180_000);

    @TempDir
    Path tmp;

    record Round(double directMibS, double relayedMibS, double load) {}

    @Test
    void file_throughput_relayed_against_direct() {
        assumeTrue(mode == ReachMode.TEST_HOSTS, "a direct path to compare with needs two test hosts");
        PeerhubServer directHub = startServer(hubConfig());
        List<Round> rounds = new ArrayList<>();
        for (int i = 0; i < ROUNDS; i++) {
            double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            double direct;
            try (DirectPath path = DirectPath.open(hosts.host(A), hosts.host(B))) {
                direct = send(directHub, "direct-" + i, 200 + i, false);
            }
            hosts.proveIsolated(server.port());
            double relayed = send(server, "relayed-" + i, 300 + i, true);
            rounds.add(new Round(direct, relayed, load));
            System.out.printf("round %d: direct %.1f MiB/s, relayed %.1f MiB/s (load %.1f)%n", i, direct, relayed, load);
        }
        Percentiles d = new Percentiles(rounds.stream().map(Round::directMibS).toList());
        Percentiles r = new Percentiles(rounds.stream().map(Round::relayedMibS).toList());
        BenchmarkReport report = new BenchmarkReport(
                "Reach: file throughput relayed against direct (Chromium, two test hosts, coturn)",
                "mvn -pl e2e-tests -am -Pbench verify -Dtest=RelayThroughputBenchmark -Dsurefire.failIfNoSpecifiedTests=false")
                .line("| round | direct MiB/s | relayed MiB/s | relayed / direct | load average (1 min) |")
                .line("|---|---|---|---|---|");
        for (int i = 0; i < rounds.size(); i++) {
            Round round = rounds.get(i);
            report.line(String.format("| %d | %.1f | %.1f | %.2f | %.1f |", i + 1, round.directMibS(),
                    round.relayedMibS(), round.relayedMibS() / round.directMibS(), round.load()));
        }
        report.line(String.format("| **median** | **%.1f** | **%.1f** | **%.2f** | |", d.p(50), r.p(50), r.p(50) / d.p(50)))
                .line("")
                .line(FILE_BYTES / MIB + " MiB per transfer, Accept → verified file handed over, a fresh pair of "
                        + "pages per transfer.")
                .write("relay-throughput.md");
        assertThat(rounds).hasSize(ROUNDS);
    }

    /** One file from Alice on host A to Bob on host B over {@code hub}; MiB/s from Accept to the verified download. */
    private double send(PeerhubServer hub, String name, long seed, boolean relayed) {
        Path file = TestFiles.randomFile(tmp.resolve("out/" + name + ".bin"), FILE_BYTES, seed);
        try (RoomPage alice = openOn(A, newRoomUrl(hub), "Alice");
             RoomPage bob = openOn(B, alice.page().url(), "Bob")) {
            alice.shouldSeeConnected("Bob");
            bob.shouldSeeConnected("Alice");
            // The mode is what the pages show, not what the set-up intended.
            assertThat(alice.avatarOf("Bob")).hasAccessibleDescription(
                    java.util.regex.Pattern.compile(relayed ? "^relayed" : "^direct"),
                    new LocatorAssertions.HasAccessibleDescriptionOptions().setTimeout(30_000));
            alice.dropFilesOn("Bob", file);
            assertThat(bob.offerFrom("Alice")).containsText(name);
            long start = System.nanoTime();
            Download download = bob.acceptAndDownload("Alice", 180_000);
            double seconds = (System.nanoTime() - start) / 1e9;
            Path saved = tmp.resolve("in/" + download.suggestedFilename());
            download.saveAs(saved);
            assertThat(TestFiles.sha256(saved)).isEqualTo(TestFiles.sha256(file));
            assertThat(alice.transfer(name + ".bin")).containsText("verified", LONG);
            saved.toFile().delete();
            file.toFile().delete();
            return FILE_BYTES / (double) MIB / seconds;
        }
    }
}
