package io.peerhub.e2e.reach;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import io.peerhub.e2e.RoomPage;
import io.peerhub.testkit.TestFiles;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The story: the relay that two people on different networks depend on is stopped for
 * at least 5 s in the middle of a transfer and started again. A restarted coturn has forgotten
 * every allocation, so the old relayed path is gone for good: the peers must repair their
 * connection (an ICE restart allocates anew, or a rebuilt connection does) while both stay in
 * the room, and the transfer completes verified by itself, without a reload; chat works again.
 */
class RelayRestartStoryTest extends ReachStage {

    private static final long MIB = 1024 * 1024;
    private static final LocatorAssertions.ContainsTextOptions LONG =
            new LocatorAssertions.ContainsTextOptions().setTimeout(120_000);
    private static final LocatorAssertions.HasAccessibleNameOptions NOTICED =
            new LocatorAssertions.HasAccessibleNameOptions().setTimeout(30_000);

    @TempDir
    Path tmp;

    @Test
    void a_relay_restarted_mid_transfer_forgets_every_allocation_and_the_transfer_completes_verified_by_itself() {
        Path file = TestFiles.randomFile(tmp.resolve("out/restarted.bin"), 32 * MIB, 43);
        String room = newRoomUrl();
        try (RoomPage alice = openOn(A, room, "Alice");
             RoomPage bob = openOn(B, room, "Bob")) {
            alice.shouldSeeConnected("Bob");
            bob.shouldSeeConnected("Alice");
            shouldBeRelayed(alice, "Bob");
            PathRepairStoryTest.markVisit(alice, bob);
            alice.dropFilesOn("Bob", file);

            Download download = bob.page().waitForDownload(new Page.WaitForDownloadOptions().setTimeout(180_000), () -> {
                bob.accept("Alice");
                RelayOutageStoryTest.awaitProgress(bob, "restarted.bin", 10);
                PathRepairStoryTest.outage(coturn::stop, coturn::start, () -> {
                    assertThat(alice.avatarOf("Bob")).hasAccessibleName(Pattern.compile("^Bob, reconnecting…"), NOTICED);
                    assertThat(bob.avatarOf("Alice")).hasAccessibleName(Pattern.compile("^Alice, reconnecting…"), NOTICED);
                }, alice, bob);
            });

            Path saved = tmp.resolve("in/" + download.suggestedFilename());
            download.saveAs(saved);
            assertThat(TestFiles.sha256(saved)).isEqualTo(TestFiles.sha256(file));
            assertThat(bob.transfer("restarted.bin")).containsText("verified", LONG);
            assertThat(alice.transfer("restarted.bin")).containsText("verified", LONG);
            alice.shouldSeeConnected("Bob");
            bob.shouldSeeConnected("Alice");
            alice.say("relay back?");
            assertThat(bob.chatEntry("Alice", "relay back?")).hasCount(1);
            bob.say("relay back.");
            assertThat(alice.chatEntry("Bob", "relay back.")).hasCount(1);
            // Through the restarted relay, on allocations made after it came back.
            shouldBeRelayed(alice, "Bob");
            assertThat(coturn.log()).contains("incoming packet ALLOCATE processed, success");
            PathRepairStoryTest.shouldBeSameVisit(alice, bob);
            System.out.println("repair in this run: Alice made " + RtcHook.states(alice.page()).size()
                    + " connection(s), Bob " + RtcHook.states(bob.page()).size());
        }
    }
}
