package io.peerhub.e2e.share;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import io.peerhub.e2e.BrowserStory;
import io.peerhub.e2e.RoomPage;
import io.peerhub.testkit.TestFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
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

    /**
     * The folder picker, answered as a person picking a folder would be: the File System Access
     * API's own directory handle, of a folder the story wrote into the page's origin private file
     * system (the native dialog is the one thing a test cannot click).
     */
    private static final String PICKER = """
            window.showDirectoryPicker = async () =>
              (await navigator.storage.getDirectory()).getDirectoryHandle(window.peerhubStoryFolder);
            """;

    private static final String WRITE_FOLDER = """
            async ([name, files]) => {
              const top = await (await navigator.storage.getDirectory()).getDirectoryHandle(name, { create: true });
              for (const [path, b64] of Object.entries(files)) {
                const parts = path.split('/');
                let dir = top;
                for (const c of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(c, { create: true });
                const w = await (await dir.getFileHandle(parts.at(-1), { create: true })).createWritable();
                await w.write(Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0)));
                await w.close();
              }
              window.peerhubStoryFolder = name;
            }""";

    @TempDir
    Path tmp;

    /** Writes {@code files} (path under the folder → bytes) into the folder {@code name} of the page's own file system. */
    private static void writeFolder(RoomPage page, String name, Map<String, byte[]> files) {
        Map<String, String> encoded = new LinkedHashMap<>();
        files.forEach((path, bytes) -> encoded.put(path, Base64.getEncoder().encodeToString(bytes)));
        page.page().evaluate(WRITE_FOLDER, List.of(name, encoded));
    }

    private static void shareFolder(RoomPage page, String name, Map<String, byte[]> files) {
        writeFolder(page, name, files);
        page.page().getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Share a folder").setExact(true)).click();
    }

    private static RoomPage pickingPage(String room, String name, String... initScripts) {
        BrowserContext context = browser.newContext();
        context.addInitScript(PICKER);
        for (String script : initScripts) {
            context.addInitScript(script);
        }
        Page page = context.newPage();
        RoomPage roomPage = RoomPage.on(context, page, name);
        page.navigate(room);
        roomPage.rename(name);
        return roomPage;
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
        Path beach = TestFiles.randomFile(tmp.resolve("holiday/trip/beach.jpg"), 300_000, 1);
        Map<String, byte[]> holiday = Map.of("trip/beach.jpg", Files.readAllBytes(beach),
                "notes.txt", "first notes".repeat(9).getBytes(StandardCharsets.UTF_8), ".hidden", new byte[10]);
        String room = newRoomUrl();
        try (RoomPage carol = pickingPage(room, "Carol");
             RoomPage bob = RoomPage.open(browser, room, "Bob");
             RoomPage mallory = pickingPage(room, "Mallory", CLIMBING_ANSWERS)) {
            List<String> bobsWarnings = new CopyOnWriteArrayList<>();
            bob.page().onConsoleMessage(m -> bobsWarnings.add(m.text()));
            bob.shouldSeeConnected("Carol");
            bob.shouldSeeConnected("Mallory");

            shareFolder(carol, "holiday", holiday);
            assertThat(carol.page().locator("#my-share")).containsText(
                    "You share “holiday” (2 files, 300 kB) with everyone in this room while this tab is open");
            shareFolder(mallory, "evil", Map.of("beach-too.jpg", new byte[1000]));
            assertThat(bob.page().locator("#shared-files-hint")).containsText("Carol (2 files");
            assertThat(bob.page().locator("#shared-files-hint")).containsText("Mallory (1 file");

            search(bob).fill("beach");
            assertThat(bob.page().locator("#shared-status")).containsText("“beach”: 1 file found, waiting for 1 of 2 peers.");
            assertThat(results(bob)).hasCount(1);
            assertThat(results(bob).first()).hasAccessibleName("beach.jpg, 300 kB, on Carol");
            assertThat(results(bob).first()).containsText("trip");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
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

            // The folder is live: a file changed after it was listed is sent as it is now.
            writeFolder(carol, "holiday", Map.of("notes.txt", "the notes, rewritten".getBytes(StandardCharsets.UTF_8)));
            search(bob).fill("notes");
            assertThat(results(bob)).hasCount(1);
            Download notes = bob.page().waitForDownload(new Page.WaitForDownloadOptions().setTimeout(60_000), () ->
                    bob.page().getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Download notes.txt from Carol")).click());
            Path gotNotes = tmp.resolve("in/notes.txt");
            notes.saveAs(gotNotes);
            assertThat(Files.readString(gotNotes)).isEqualTo("the notes, rewritten");

            // Stopping: the others hear it and search nothing of Carol's any more.
            carol.page().getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Stop sharing")).click();
            assertThat(bob.page().locator("#shared-files-hint")).not().containsText("Carol");
        }
    }
}
