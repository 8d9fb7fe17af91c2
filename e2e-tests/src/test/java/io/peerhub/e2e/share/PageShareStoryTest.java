package io.peerhub.e2e.share;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.FileChooser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import io.peerhub.e2e.BrowserStory;
import io.peerhub.e2e.RoomPage;
import io.peerhub.testkit.TestFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A page shares a folder while it is open; another pulls from it; a lying sharer's answers are dropped. */
class PageShareStoryTest extends BrowserStory {

    private static final LocatorAssertions.ContainsTextOptions LONG =
            new LocatorAssertions.ContainsTextOptions().setTimeout(60_000);

    /**
     * Rewrites every share-results this page sends so each path climbs out of the folder: what a
     * hostile sharer could answer, sent by a real page over a real data channel.
     */
    private static final String CLIMBING_ANSWERS = """
            const send = RTCDataChannel.prototype.send;
            RTCDataChannel.prototype.send = function (data) {
              if (typeof data === 'string' && data.includes('"type":"share-results"')) {
                const m = JSON.parse(data);
                m.files = m.files.map((f) => ({ ...f, path: ['..', '..', 'x'] }));
                data = JSON.stringify(m);
              }
              return send.call(this, data);
            };
            """;

    @TempDir
    Path tmp;

    private static void shareFolder(RoomPage page, Path dir) {
        FileChooser chooser = page.page().waitForFileChooser(() -> page.page()
                .getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Share a folder").setExact(true)).click());
        chooser.setFiles(dir);
    }

    private static Locator search(RoomPage page) {
        return page.page().getByRole(AriaRole.SEARCHBOX, new Page.GetByRoleOptions().setName("Search shared files"));
    }

    private static Locator results(RoomPage page) {
        return page.page().getByRole(AriaRole.LIST, new Page.GetByRoleOptions().setName("Shared files found"))
                .getByRole(AriaRole.LISTITEM);
    }

    @Test
    void a_page_shares_a_folder_another_pulls_a_file_from_it_and_a_lying_sharers_answers_are_dropped() throws Exception {
        Path dir = tmp.resolve("holiday");
        Path beach = TestFiles.randomFile(dir.resolve("trip/beach.jpg"), 300_000, 1);
        TestFiles.randomFile(dir.resolve("notes.txt"), 100, 2);
        TestFiles.randomFile(dir.resolve(".hidden"), 10, 3);
        Path evil = tmp.resolve("evil");
        TestFiles.randomFile(evil.resolve("beach-too.jpg"), 1000, 4);
        String room = newRoomUrl();
        BrowserContext malloryContext = browser.newContext();
        malloryContext.addInitScript(CLIMBING_ANSWERS);
        Page malloryPage = malloryContext.newPage();
        try (RoomPage carol = RoomPage.open(browser, room, "Carol");
             RoomPage bob = RoomPage.open(browser, room, "Bob");
             RoomPage mallory = RoomPage.on(malloryContext, malloryPage, "Mallory")) {
            List<String> bobsWarnings = new CopyOnWriteArrayList<>();
            bob.page().onConsoleMessage(m -> bobsWarnings.add(m.text()));
            malloryPage.navigate(room);
            mallory.rename("Mallory");
            bob.shouldSeeConnected("Carol");
            bob.shouldSeeConnected("Mallory");

            shareFolder(carol, dir);
            assertThat(carol.page().locator("#my-share")).containsText(
                    "You share “holiday” (2 files, 300 kB) with everyone in this room while this tab is open");
            shareFolder(mallory, evil);
            assertThat(bob.page().locator("#shared-files-hint")).containsText("Carol (2 files");
            assertThat(bob.page().locator("#shared-files-hint")).containsText("Mallory (1 file");

            search(bob).fill("beach");
            assertThat(bob.page().locator("#shared-status")).containsText("“beach”: 1 file found, waiting for 1 of 2 peers.");
            assertThat(results(bob)).hasCount(1);
            assertThat(results(bob).first()).hasAccessibleName("beach.jpg, 300 kB, on Carol");
            assertThat(results(bob).first()).containsText("trip");
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() ->
                    bobsWarnings.stream().anyMatch(w -> w.contains("dropped (share entry path component . or ..)")));
            search(bob).fill("hidden");
            assertThat(bob.page().locator("#shared-status")).containsText("“hidden”: 0 files found");

            search(bob).fill("beach");
            assertThat(results(bob)).hasCount(1);
            Download download = bob.page().waitForDownload(new Page.WaitForDownloadOptions().setTimeout(60_000), () ->
                    bob.page().getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Download beach.jpg from Carol")).click());
            Path got = tmp.resolve("in/beach.jpg");
            download.saveAs(got);
            assertThat(TestFiles.sha256(got)).isEqualTo(TestFiles.sha256(beach));
            assertThat(bob.transfer("beach.jpg from Carol")).containsText("verified", LONG);
            assertThat(carol.transfer("beach.jpg to Bob")).containsText("verified", LONG);

            // Stopping: the others hear it and search nothing of Carol's any more.
            carol.page().getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Stop sharing")).click();
            assertThat(bob.page().locator("#shared-files-hint")).not().containsText("Carol");
            assertThat(Files.exists(got)).isTrue();
        }
    }
}
