package io.peerhub.e2e.share;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import io.peerhub.e2e.BrowserStory;
import io.peerhub.e2e.PeerProcess;
import io.peerhub.e2e.RoomPage;
import io.peerhub.testkit.TestFiles;
import io.peerhub.testkit.bench.BareComparison;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same file from a Java peer to a page, pulled from its share ({@code Download} on a search
 * result → the verified file handed over) against pushed by {@code send} ({@code Accept} → the
 * verified file handed over), alternating in one run: what asking for a file costs over being
 * sent it. A measurement, not a test: {@code mvn -pl e2e-tests -Pbench test -Dtest=PullPushBenchmark}
 * ({@code -Dbench.mib}, {@code -Dbench.rounds}).
 */
class PullPushBenchmark extends BrowserStory {

    @TempDir
    Path tmp;

    @Test
    void pull_from_a_share_against_push_of_the_same_file() throws Exception {
        Path file = TestFiles.randomFile(tmp.resolve("share/bench.bin"), BareComparison.BYTES, 7);
        String room = newRoomUrl();
        var longWait = new LocatorAssertions.ContainsTextOptions().setTimeout(120_000);
        try (PeerProcess office = PeerProcess.start(tmp.resolve("share.log"), "drop", "--room", room,
                "--dir", tmp.resolve("inbox").toString(), "--share", tmp.resolve("share").toString(),
                "--name", "Office box", "--hash-cache", tmp.resolve("hashes.jsonl").toString());
             RoomPage alice = RoomPage.open(browser, room, "Alice")) {
            alice.shouldSeeConnected("Office box");
            assertThat(alice.page().locator("#shared-files-hint")).containsText("Office box (1 file", longWait);
            alice.page().getByRole(AriaRole.SEARCHBOX, new Page.GetByRoleOptions().setName("Search shared files")).fill("bench");
            assertThat(alice.page().locator("#shared-status")).containsText("1 file found", longWait);
            pull(alice); // warm-up: also waits for the share's first hash of the file
            BareComparison.run(i -> push(alice, room, file, i), i -> pull(alice))
                    .report("Java->browser", "push (send, Accept)", "pull (share, Download)", "pull-push.md");
        }
    }

    private static double pull(RoomPage alice) {
        long start = System.nanoTime();
        Download d = alice.page().waitForDownload(new Page.WaitForDownloadOptions().setTimeout(600_000), () ->
                alice.page().getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Download bench.bin from Office box")).click());
        long nanos = System.nanoTime() - start;
        d.delete();
        return BareComparison.mibPerSecond(BareComparison.BYTES, nanos);
    }

    private double push(RoomPage alice, String room, Path file, int round) throws Exception {
        try (PeerProcess sender = PeerProcess.start(tmp.resolve("send-" + round + ".log"), "send", "--room", room,
                "--to", "Alice", "--name", "Pusher", file.toString())) {
            assertThat(alice.offerFrom("Pusher")).isVisible(new com.microsoft.playwright.assertions.LocatorAssertions
                    .IsVisibleOptions().setTimeout(60_000));
            long start = System.nanoTime();
            Download d = alice.acceptAndDownload("Pusher", 600_000);
            long nanos = System.nanoTime() - start;
            d.delete();
            sender.waitForExit(60);
            return BareComparison.mibPerSecond(BareComparison.BYTES, nanos);
        }
    }
}
