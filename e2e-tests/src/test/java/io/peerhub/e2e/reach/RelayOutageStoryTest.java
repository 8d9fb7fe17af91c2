package io.peerhub.e2e.reach;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import io.peerhub.e2e.RoomPage;
import io.peerhub.testkit.TestFiles;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The relay that two people depend on goes away in the middle of a transfer, and comes back. */
class RelayOutageStoryTest extends ReachStage {

    private static final long MIB = 1024 * 1024;
    private static final LocatorAssertions.ContainsTextOptions LONG =
            new LocatorAssertions.ContainsTextOptions().setTimeout(120_000);

    @TempDir
    Path tmp;

    @Test
    void a_relay_that_freezes_mid_transfer_lets_the_transfer_and_chat_carry_on_once_it_answers_again() {
        Path file = TestFiles.randomFile(tmp.resolve("out/frozen.bin"), 32 * MIB, 34);
        String room = newRoomUrl();
        try (RoomPage alice = openOn(A, room, "Alice");
             RoomPage bob = openOn(B, room, "Bob")) {
            alice.shouldSeeConnected("Bob");
            shouldBeRelayed(alice, "Bob");
            alice.dropFilesOn("Bob", file);

            Download download = bob.page().waitForDownload(new Page.WaitForDownloadOptions().setTimeout(120_000), () -> {
                bob.accept("Alice");
                awaitProgress(bob, "frozen.bin", 10);
                // Frozen, not restarted: the relay keeps its allocations, so nothing but ICE's own
                // consent checks need to come back (a restarted relay needs repair: RelayRestartStoryTest).
                coturn.pause();
                try {
                    awaitPathLost(alice);
                    awaitPathLost(bob);
                } finally {
                    coturn.resume();
                }
            });

            Path saved = tmp.resolve("in/" + download.suggestedFilename());
            download.saveAs(saved);
            assertThat(TestFiles.sha256(saved)).isEqualTo(TestFiles.sha256(file));
            assertThat(bob.transfer("frozen.bin")).containsText("verified", LONG);
            assertThat(alice.transfer("frozen.bin")).containsText("verified", LONG);
            alice.say("back?");
            assertThat(bob.chatEntry("Alice", "back?")).hasCount(1);
            bob.say("back.");
            assertThat(alice.chatEntry("Bob", "back.")).hasCount(1);
            shouldBeRelayed(alice, "Bob");
        }
    }

    /** Until {@code page}'s receive progress of {@code file} is at least {@code percent}. */
    static void awaitProgress(RoomPage page, String file, double percent) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
            String now = page.progressOf(file).getAttribute("aria-valuenow");
            return now != null && Double.parseDouble(now) >= percent;
        });
    }

    /**
     * Until {@code page}'s connection has noticed that its path is gone (ICE {@code disconnected}
     * or worse): what a person would see as the transfer stalling. Chromium's consent checks
     * notice after 5-8 s here, so the outage lasts at least that long.
     */
    static void awaitPathLost(RoomPage page) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> RtcHook.states(page.page()), states -> states.stream()
                        .anyMatch(st -> !"connected".equals(st.get("iceConnectionState"))
                                && !"completed".equals(st.get("iceConnectionState"))));
    }
}
