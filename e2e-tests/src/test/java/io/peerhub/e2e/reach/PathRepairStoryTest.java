package io.peerhub.e2e.reach;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import io.peerhub.e2e.PeerProcess;
import io.peerhub.e2e.RoomPage;
import io.peerhub.server.PeerhubServer;
import io.peerhub.testkit.TestFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two people on one network whose direct path breaks for a while in the middle of a transfer,
 * while both stay in the room (docs/protocol.md "Repairing a connection"): the two test hosts
 * reach each other through a {@link DirectPath} that the story cuts and mends, and the hub (with
 * no relay, so the direct path is the only one) all along. Nobody reloads, nobody leaves: the
 * connection comes back by itself and the transfer finishes verified from where it was.
 */
class PathRepairStoryTest extends ReachStage {

    private static final long MIB = 1024 * 1024;
    /** At least this long without a path, and until both ends noticed (Chromium: 5-8 s of silent checks). */
    static final Duration OUTAGE = Duration.ofSeconds(5);
    private static final LocatorAssertions.ContainsTextOptions LONG =
            new LocatorAssertions.ContainsTextOptions().setTimeout(120_000);
    private static final LocatorAssertions.ContainsTextOptions NOTICED_TEXT =
            new LocatorAssertions.ContainsTextOptions().setTimeout(30_000);
    private static final LocatorAssertions.HasAccessibleNameOptions NOTICED =
            new LocatorAssertions.HasAccessibleNameOptions().setTimeout(30_000);

    static DirectPath path;
    /** A hub without a relay: the direct path is the only way between the hosts. */
    static PeerhubServer directHub;

    @TempDir
    Path tmp;

    @BeforeAll
    static void openDirectPath() {
        if (hosts == null) {
            return; // relay-policy mode: no two hosts, no path between them to cut
        }
        directHub = startServer(hubConfig());
        path = DirectPath.open(hosts.host(A), hosts.host(B));
    }

    @AfterAll
    static void closeDirectPath() {
        if (path != null) {
            path.close();
            path = null;
        }
    }

    @Test
    void two_pages_mid_transfer_lose_their_direct_path_and_the_transfer_completes_verified_by_itself() {
        assumeTrue(mode == ReachMode.TEST_HOSTS, "a direct path to cut needs two test hosts");
        Path file = TestFiles.randomFile(tmp.resolve("out/cut.bin"), 32 * MIB, 41);
        String room = newRoomUrl(directHub);
        try (RoomPage alice = openOn(A, room, "Alice");
             RoomPage bob = openOn(B, room, "Bob")) {
            alice.shouldSeeConnected("Bob");
            bob.shouldSeeConnected("Alice");
            shouldBeDirect(alice);
            markVisit(alice, bob);
            alice.dropFilesOn("Bob", file);

            Download download = bob.page().waitForDownload(new Page.WaitForDownloadOptions().setTimeout(180_000), () -> {
                bob.accept("Alice");
                RelayOutageStoryTest.awaitProgress(bob, "cut.bin", 10);
                outage(path::cut, path::restore, () -> {
                    // Each side says so while it lasts; neither has left the room.
                    assertThat(alice.avatarOf("Bob")).hasAccessibleName(Pattern.compile("^Bob, reconnecting…"), NOTICED);
                    assertThat(bob.avatarOf("Alice")).hasAccessibleName(Pattern.compile("^Alice, reconnecting…"), NOTICED);
                    path.proveCut();
                }, alice, bob);
            });

            Path saved = tmp.resolve("in/" + download.suggestedFilename());
            download.saveAs(saved);
            assertThat(TestFiles.sha256(saved)).isEqualTo(TestFiles.sha256(file));
            assertThat(bob.transfer("cut.bin")).containsText("verified", LONG);
            assertThat(alice.transfer("cut.bin")).containsText("verified", LONG);
            alice.shouldSeeConnected("Bob");
            bob.shouldSeeConnected("Alice");
            alice.say("still there?");
            assertThat(bob.chatEntry("Alice", "still there?")).hasCount(1);
            bob.say("still here.");
            assertThat(alice.chatEntry("Bob", "still here.")).hasCount(1);
            shouldBeDirect(alice);
            shouldBeSameVisit(alice, bob);
            System.out.println("repair in this run: Alice made " + RtcHook.states(alice.page()).size()
                    + " connection(s), Bob " + RtcHook.states(bob.page()).size());
        }
    }

    @Test
    void a_path_gone_longer_than_an_ice_restart_waits_gets_a_new_connection_both_verify_again_and_the_transfer_resumes() {
        assumeTrue(mode == ReachMode.TEST_HOSTS, "a direct path to cut needs two test hosts");
        Path file = TestFiles.randomFile(tmp.resolve("out/rebuilt.bin"), 32 * MIB, 44);
        String room = newRoomUrl(directHub);
        try (RoomPage alice = openOn(A, room, "Alice");
             RoomPage bob = openOn(B, room, "Bob")) {
            alice.shouldSeeConnected("Bob");
            bob.shouldSeeConnected("Alice");
            markVisit(alice, bob);
            alice.dropFilesOn("Bob", file);

            Download download = bob.page().waitForDownload(new Page.WaitForDownloadOptions().setTimeout(180_000), () -> {
                bob.accept("Alice");
                RelayOutageStoryTest.awaitProgress(bob, "rebuilt.bin", 10);
                path.cut();
                try {
                    // Held until a side gave up on its ICE restart and made a new connection
                    // (REPAIR_RESTART_MILLIS after the restart): what the path's return finds.
                    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                            .until(() -> RtcHook.states(alice.page()).size() > 1 || RtcHook.states(bob.page()).size() > 1);
                    assertThat(alice.transfer("rebuilt.bin")).containsText("Paused: reconnecting to Bob", NOTICED_TEXT);
                } finally {
                    path.restore();
                }
            });

            Path saved = tmp.resolve("in/" + download.suggestedFilename());
            download.saveAs(saved);
            assertThat(TestFiles.sha256(saved)).isEqualTo(TestFiles.sha256(file));
            assertThat(bob.transfer("rebuilt.bin")).containsText("verified", LONG);
            assertThat(alice.transfer("rebuilt.bin")).containsText("verified", LONG);
            // Verified again on the new connection: chat passes only after that.
            alice.shouldSeeConnected("Bob");
            bob.shouldSeeConnected("Alice");
            bob.say("new connection?");
            assertThat(alice.chatEntry("Bob", "new connection?")).hasCount(1);
            assertThat(RtcHook.states(alice.page())).hasSizeGreaterThan(1);
            assertThat(RtcHook.states(bob.page())).hasSizeGreaterThan(1);
            assertThat(RtcHook.states(bob.page()).get(0).get("connectionState")).isEqualTo("closed");
            shouldBeDirect(alice);
            shouldBeSameVisit(alice, bob);
        }
    }

    @Test
    void a_page_sending_to_a_java_drop_loses_the_direct_path_and_the_drop_gets_the_file_verified_by_itself()
            throws Exception {
        assumeTrue(mode == ReachMode.TEST_HOSTS, "a direct path to cut needs two test hosts");
        Path inbox = tmp.resolve("inbox");
        Path file = TestFiles.randomFile(tmp.resolve("out/to-drop.bin"), 32 * MIB, 42);
        String room = newRoomUrl(directHub);
        try (PeerProcess drop = startPeerOn(B, tmp.resolve("drop.log"), "drop", "--room", room,
                "--dir", inbox.toString(), "--name", "Inbox");
             RoomPage alice = openOn(A, room, "Alice")) {
            alice.shouldSeeConnected("Inbox");
            shouldBeDirect(alice);
            markVisit(alice);
            alice.dropFilesOn("Inbox", file);
            RelayOutageStoryTest.awaitProgress(alice, "to-drop.bin", 10);

            outage(path::cut, path::restore, () -> {
                assertThat(alice.avatarOf("Inbox")).hasAccessibleName(Pattern.compile("^Inbox, reconnecting…"), NOTICED);
                path.proveCut();
            }, alice);

            assertThat(alice.transfer("to-drop.bin")).containsText("verified", LONG);
            Path landed = inbox.resolve("to-drop.bin");
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(landed));
            assertThat(TestFiles.sha256(landed)).isEqualTo(TestFiles.sha256(file));
            assertThat(drop.output()).contains("received " + landed.toRealPath(), TestFiles.sha256(file));
            alice.shouldSeeConnected("Inbox");
            shouldBeDirect(alice);
            shouldBeSameVisit(alice);
        }
    }

    /**
     * Breaks the path, holds it broken for at least {@link #OUTAGE} and until every page's
     * connection noticed (what a person sees as the transfer stalling), runs {@code during},
     * then mends it.
     */
    static void outage(Runnable breakIt, Runnable mendIt, Runnable during, RoomPage... pages) {
        breakIt.run();
        try {
            long since = System.nanoTime();
            during.run();
            Duration rest = OUTAGE.minusNanos(System.nanoTime() - since);
            await().pollDelay(rest.isNegative() ? Duration.ZERO : rest).atMost(Duration.ofSeconds(60))
                    .until(allLostTheirPath(pages));
            System.out.printf("path broken for %d ms%n", (System.nanoTime() - since) / 1_000_000);
        } finally {
            mendIt.run();
        }
    }

    static java.util.concurrent.Callable<Boolean> allLostTheirPath(RoomPage... pages) {
        return () -> {
            for (RoomPage p : pages) {
                if (RtcHook.states(p.page()).stream().filter(st -> !"closed".equals(st.get("connectionState")))
                        .allMatch(st -> "connected".equals(st.get("iceConnectionState"))
                                || "completed".equals(st.get("iceConnectionState")))) {
                    return false;
                }
            }
            return true;
        };
    }

    private static org.awaitility.core.ConditionFactory awaitPath() {
        return await().atMost(Duration.ofSeconds(30));
    }

    /**
     * The page's one open connection is direct: its selected pair joins the two test hosts' own
     * addresses, with no relay on either end.
     */
    static Map<String, Object> shouldBeDirect(RoomPage page) {
        Map<String, Object> pair = awaitPath().until(() -> RtcHook.selectedPairs(page.page()), pairs -> pairs.size() == 1
                && "connected".equals(pairs.get(0).get("state")) && pairs.get(0).get("local") != null).get(0);
        assertThat(List.of(pair.get("local"), pair.get("remote"))).as("selected pair %s", pair).doesNotContain("relay");
        List<String> addresses = hosts.hosts().stream().map(NetNamespace::address).toList();
        assertThat(List.of(pair.get("localAddress"), pair.get("remoteAddress"))).as("selected pair %s", pair)
                .containsExactlyInAnyOrderElementsOf(addresses);
        return pair;
    }

    /** A mark in each page's window: gone if the page reloads. */
    static void markVisit(RoomPage... pages) {
        for (RoomPage p : pages) {
            p.page().evaluate("() => { window.__sameVisit = 'before the outage'; }");
        }
    }

    static void shouldBeSameVisit(RoomPage... pages) {
        for (RoomPage p : pages) {
            assertThat(p.page().evaluate("() => window.__sameVisit")).as("no reload").isEqualTo("before the outage");
        }
    }
}
