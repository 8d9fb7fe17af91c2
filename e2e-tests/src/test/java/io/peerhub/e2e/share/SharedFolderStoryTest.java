package io.peerhub.e2e.share;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import io.peerhub.e2e.BrowserStory;
import io.peerhub.e2e.PeerProcess;
import io.peerhub.e2e.RoomPage;
import io.peerhub.e2e.trust.SignalingTap;
import io.peerhub.protocol.trust.RoomKey;
import io.peerhub.testkit.TestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Java peer shares a folder (`share --dir`); people in browsers search it, browse it and pull
 * files from it over data channels. The page's own signaling socket is watched: no query and no
 * file name crosses it.
 */
class SharedFolderStoryTest extends BrowserStory {

    private static final LocatorAssertions.ContainsTextOptions LONG =
            new LocatorAssertions.ContainsTextOptions().setTimeout(60_000);

    @TempDir
    Path tmp;

    /** 1,000 files in 10 × 10 folders: dept-A/team-B/report-ABC.txt, each 100–999 bytes. */
    private Path thousandFiles() {
        Path dir = tmp.resolve("share");
        for (int a = 0; a < 10; a++) {
            for (int b = 0; b < 10; b++) {
                for (int c = 0; c < 10; c++) {
                    int n = a * 100 + b * 10 + c;
                    TestFiles.randomFile(dir.resolve("dept-" + a + "/team-" + b + "/report-" + n + ".txt"),
                            100 + (n * 37) % 900, n);
                }
            }
        }
        return dir;
    }

    private PeerProcess share(String room, Path dir) {
        PeerProcess peer = PeerProcess.start(tmp.resolve("share.log"), "share", "--room", room, "--dir", dir.toString(),
                "--name", "Office box", "--hash-cache", tmp.resolve("hashes.jsonl").toString());
        await().atMost(Duration.ofSeconds(30)).until(() -> peer.output().contains("joined room"));
        return peer;
    }

    /** A page whose own signaling socket's frames, both ways, are kept as the page sent and got them. */
    private RoomPage watchedPage(String room, String name, List<String> frames) {
        BrowserContext context = browser.newContext();
        Page page = context.newPage();
        page.onWebSocket(ws -> {
            ws.onFrameSent(f -> frames.add(f.text() != null ? f.text() : "<binary>"));
            ws.onFrameReceived(f -> frames.add(f.text() != null ? f.text() : "<binary>"));
        });
        page.navigate(room);
        RoomPage roomPage = RoomPage.on(context, page, name);
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

    private static Locator status(RoomPage page) {
        return page.page().locator("#shared-status");
    }

    private static String formatBytes(long size) {
        return size + " B"; // every file of the story is under 1,000 bytes
    }

    @Test
    void a_page_finds_files_in_a_shared_folder_of_a_thousand_and_pulls_three_as_one_batch_verified() throws Exception {
        Path dir = thousandFiles();
        Path outside = TestFiles.randomFile(tmp.resolve("outside/escape-secret.txt"), 500, 9999);
        Files.createSymbolicLink(dir.resolve("dept-0/escape-secret.txt"), outside);
        List<String> frames = new CopyOnWriteArrayList<>();
        try (SignalingTap tap = SignalingTap.start(server.baseUrl())) {
            // Both the Java sharer and the page reach the server only through the tap.
            String room = RoomKey.generate().link(tap.baseUrl());
            try (PeerProcess office = share(room, dir);
                 RoomPage alice = watchedPage(room, "Alice", frames);
                 RoomPage stranger = RoomPage.open(browser, newRoomUrl(), "Stranger")) {
                alice.shouldSeeConnected("Office box");
                assertThat(alice.page().locator("#shared-files-hint")).containsText("Office box (1000 files");

                search(alice).fill("REPORT-12");
                assertThat(status(alice)).containsText("“REPORT-12”: 11 files found.");
                assertThat(results(alice)).hasCount(11); // report-12 and report-120…129
                Path one = dir.resolve("dept-1/team-2/report-125.txt");
                assertThat(results(alice).filter(new Locator.FilterOptions().setHasText("report-125.txt")))
                        .hasAccessibleName("report-125.txt, " + formatBytes(Files.size(one)) + ", on Office box");
                assertThat(results(alice).filter(new Locator.FilterOptions().setHasText("report-125.txt")))
                        .containsText("dept-1/team-2");

                search(alice).fill("escape");
                assertThat(status(alice)).containsText("“escape”: 0 files found.");

                search(alice).fill("report-12");
                assertThat(results(alice)).hasCount(11);
                for (String name : List.of("report-120.txt", "report-125.txt", "report-129.txt")) {
                    alice.page().getByRole(AriaRole.CHECKBOX, new Page.GetByRoleOptions().setName("Select " + name + " from Office box")).check();
                }
                Download batch = alice.page().waitForDownload(new Page.WaitForDownloadOptions().setTimeout(60_000), () ->
                        alice.page().getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Download selected (3)")).click());
                Path zip = tmp.resolve("in/batch.zip");
                batch.saveAs(zip);
                assertThat(entries(zip)).containsExactlyInAnyOrder(
                        "dept-1/team-2/report-120.txt", "dept-1/team-2/report-125.txt", "dept-1/team-2/report-129.txt");
                for (String path : entries(zip)) {
                    assertThat(zipEntrySha(zip, path)).isEqualTo(TestFiles.sha256(dir.resolve(path)));
                }
                assertThat(alice.transfer("3 files from Office box")).containsText("verified", LONG);
                assertThat(office.output()).contains("serving 3 of 3 file(s)");

                // The signaling server received and sent neither a query nor a name, from the page or from
                // the Java sharer: those went over the data channels. (Both joined through it: see the kinds.)
                assertThat(tap.received()).anyMatch(f -> f.contains("\"kind\":\"native\""))
                        .anyMatch(f -> f.contains("\"kind\":\"browser\""));
                for (List<String> seen : List.of(tap.received(), tap.sent(), frames)) {
                    assertThat(seen).isNotEmpty().noneMatch(f -> f.contains("REPORT") || f.contains("report-")
                            || f.contains("escape") || f.contains("dept-") || f.contains("team-"));
                }

                // A room is its own world: a page elsewhere sees nobody sharing and finds nothing.
                assertThat(stranger.page().locator("#shared-files-hint")).containsText("Nobody in this room shares a folder");
                search(stranger).fill("report");
                assertThat(status(stranger)).containsText("Nobody in this room shares a folder right now.");
                assertThat(results(stranger)).hasCount(0);
            }
        }
    }

    @Test
    void browsing_a_peer_lists_its_files_page_by_page_and_a_file_changed_since_is_sent_as_it_is_now() throws Exception {
        Path dir = thousandFiles();
        String room = newRoomUrl();
        try (PeerProcess office = share(room, dir);
             RoomPage alice = RoomPage.open(browser, room, "Alice")) {
            alice.shouldSeeConnected("Office box");
            alice.avatarOf("Office box").click();
            alice.peerItem("Office box").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Browse shared files")).click();
            assertThat(status(alice)).containsText("Office box’s shared files: 50 files found.");
            alice.page().getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("More from Office box")).click();
            assertThat(status(alice)).containsText("Office box’s shared files: 100 files found.");
            assertThat(results(alice).first()).containsText("report-0.txt");

            // Listed and hashed with its old bytes; changed afterwards, longer, before anyone pulls it.
            search(alice).fill("report-333");
            assertThat(results(alice)).hasCount(1);
            Path changed = dir.resolve("dept-3/team-3/report-333.txt");
            Files.writeString(changed, "a new version, written after the catalogue was made");
            Download download = alice.page().waitForDownload(new Page.WaitForDownloadOptions().setTimeout(60_000), () ->
                    alice.page().getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Download report-333.txt from Office box")).click());
            Path got = tmp.resolve("in/report-333.txt");
            download.saveAs(got);
            assertThat(Files.readString(got)).isEqualTo("a new version, written after the catalogue was made");
            assertThat(alice.transfer("report-333.txt from Office box")).containsText("verified", LONG);
        }
    }

    private static List<String> entries(Path zip) throws IOException {
        List<String> names = new ArrayList<>();
        try (ZipFile z = new ZipFile(zip.toFile())) {
            z.stream().filter(e -> !e.isDirectory()).forEach(e -> names.add(e.getName()));
        }
        return names;
    }

    private String zipEntrySha(Path zip, String name) throws IOException {
        Path out = tmp.resolve("in/entry-" + System.nanoTime());
        try (ZipFile z = new ZipFile(zip.toFile())) {
            ZipEntry e = z.getEntry(name);
            Files.copy(z.getInputStream(e), out);
        }
        return TestFiles.sha256(out);
    }
}
