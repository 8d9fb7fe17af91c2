package io.peerhub.e2e.files;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import io.peerhub.e2e.RoomPage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTransferStoryTest extends FileStage {

  private static final long MIB = 1024 * 1024;
  private static final LocatorAssertions.ContainsTextOptions LONG =
      new LocatorAssertions.ContainsTextOptions().setTimeout(60_000);

  @TempDir
  Path tmp;

  @Test
  void dropping_a_64_MiB_file_on_a_peers_avatar_delivers_the_same_bytes() throws IOException {
    Path file = randomFile(tmp.resolve("out/big.bin"), 64 * MIB, 64);
    String room = newRoomUrl();
    try (RoomPage alice = RoomPage.open(browser, room, "Alice");
         RoomPage bob = RoomPage.open(browser, room, "Bob")) {
      alice.shouldSeeConnected("Bob");
      bob.shouldSeeConnected("Alice");

      alice.dropFilesOn("Bob", file);
      assertThat(bob.offerFrom("Alice")).containsText("big.bin");
      assertThat(bob.offerFrom("Alice")).containsText("1 file");
      assertThat(alice.avatarOf("Bob")).hasAccessibleDescription(Pattern.compile("^direct · (<1|\\d+) ms round trip$"));
      // The live rate shows while the transfer runs (64 MiB take seconds here; a reading every 2 s).
      Download download = bob.page().waitForDownload(new Page.WaitForDownloadOptions().setTimeout(120_000), () -> {
        bob.accept("Alice");
        assertThat(alice.avatarOf("Bob")).hasAccessibleDescription(
            Pattern.compile("^direct · (<1|\\d+) ms round trip · [\\d.]+ (kB|MB)/s$"),
            new LocatorAssertions.HasAccessibleDescriptionOptions().setTimeout(20_000));
      });

      Path saved = tmp.resolve("in/" + download.suggestedFilename());
      download.saveAs(saved);
      assertThat(download.suggestedFilename()).isEqualTo("big.bin");
      assertThat(sha256(saved)).isEqualTo(sha256(file));
      assertThat(bob.transfer("big.bin")).containsText("verified", LONG);
      assertThat(alice.transfer("big.bin")).containsText("verified", LONG);
      assertThat(bob.progressOf("big.bin")).hasAttribute("aria-valuenow", "100");
      // Bob's main thread never saw a frame: the transfer's channel went to his stage worker.
      assertThat(bob.page().evaluate("() => performance.getEntriesByName('peerhub:receive')"
          + ".filter(m => m.detail.phase === 'first-frame').map(m => m.detail.thread)")).isEqualTo(List.of("worker"));

      // For people who check: the received file's SHA-256 under its details, and a Copy button.
      Locator hashes = bob.transfer("big.bin").locator("details");
      hashes.getByText("SHA-256", new Locator.GetByTextOptions().setExact(true)).click();
      assertThat(hashes.locator("code")).hasText(sha256(file));
      bob.page().context().grantPermissions(List.of("clipboard-read", "clipboard-write"));
      hashes.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Copy the SHA-256 of big.bin")).click();
      assertThat(hashes.getByRole(AriaRole.STATUS)).hasText("Copied.");
      assertThat(bob.page().evaluate("() => navigator.clipboard.readText()")).isEqualTo(sha256(file));
    }
  }

  @Test
  void three_files_and_a_folder_keep_their_names_and_paths() throws IOException {
    Path a = randomFile(tmp.resolve("out/a.txt"), 1000, 1);
    Path b = randomFile(tmp.resolve("out/b.bin"), 300_000, 2);
    Path c = randomFile(tmp.resolve("out/c d.dat"), 5, 3);
    Path folder = tmp.resolve("out/album");
    randomFile(folder.resolve("one.jpg"), 2000, 4);
    randomFile(folder.resolve("nested/deeper/two.jpg"), 3000, 5);
    randomFile(folder.resolve("nested/three.jpg"), 10, 6);
    String room = newRoomUrl();
    try (RoomPage alice = RoomPage.open(browser, room, "Alice");
         RoomPage bob = RoomPage.open(browser, room, "Bob")) {
      alice.shouldSeeConnected("Bob");

      alice.sendFilesTo("Bob", a, b, c);
      assertThat(bob.offerFrom("Alice")).containsText("3 files");
      Download files = bob.acceptAndDownload("Alice", 60_000);
      Path filesZip = tmp.resolve("in/files.zip");
      files.saveAs(filesZip);
      assertThat(entries(filesZip)).containsExactlyInAnyOrder("a.txt", "b.bin", "c d.dat");
      assertThat(zipEntrySha(filesZip, "b.bin")).isEqualTo(sha256(b));

      alice.sendFolderTo("Bob", folder);
      assertThat(bob.offerFrom("Alice")).containsText("album/nested/deeper/two.jpg");
      Download album = bob.acceptAndDownload("Alice", 60_000);
      Path albumZip = tmp.resolve("in/album.zip");
      album.saveAs(albumZip);
      assertThat(entries(albumZip)).containsExactlyInAnyOrder(
          "album/one.jpg", "album/nested/deeper/two.jpg", "album/nested/three.jpg");
      assertThat(zipEntrySha(albumZip, "album/nested/deeper/two.jpg"))
          .isEqualTo(sha256(folder.resolve("nested/deeper/two.jpg")));
    }
  }

  @Test
  void a_declined_offer_tells_the_sender() {
    Path file = randomFile(tmp.resolve("out/not-wanted.txt"), 100, 7);
    String room = newRoomUrl();
    try (RoomPage alice = RoomPage.open(browser, room, "Alice");
         RoomPage bob = RoomPage.open(browser, room, "Bob")) {
      alice.shouldSeeConnected("Bob");
      alice.sendFilesTo("Bob", file);
      bob.decline("Alice");
      assertThat(bob.offerFrom("Alice")).hasCount(0);
      assertThat(alice.transfer("not-wanted.txt")).containsText("Bob declined");
    }
  }

  @Test
  void a_receiver_without_the_space_says_so_before_any_byte_is_sent() {
    Path file = randomFile(tmp.resolve("out/too-big-for-bob.bin"), 2 << 20, 8);
    String room = newRoomUrl();
    // Bob's browser reports 1 MiB of storage left: the 2 MiB offer cannot fit.
    com.microsoft.playwright.BrowserContext bobContext = browser.newContext();
    bobContext.addInitScript("navigator.storage.estimate = async () => ({ quota: 1048576, usage: 0 });");
    try (RoomPage alice = RoomPage.open(browser, room, "Alice");
         RoomPage bob = RoomPage.openIn(bobContext, room, "Bob")) {
      alice.shouldSeeConnected("Bob");
      alice.sendFilesTo("Bob", file);

      bob.accept("Alice");

      assertThat(bob.transfer("too-big-for-bob.bin")).containsText("Not enough space");
      assertThat(alice.transfer("too-big-for-bob.bin")).containsText("not enough space on their side");
    }
  }

  @Test
  void the_receiver_can_cancel_mid_way_and_the_sender_sees_it() {
    cancelMidWay(false);
  }

  @Test
  void the_sender_can_cancel_mid_way_and_the_receiver_sees_it() {
    cancelMidWay(true);
  }

  private void cancelMidWay(boolean senderCancels) {
    Path file = randomFile(tmp.resolve("out/stopped.bin"), 64 * MIB, 8);
    String room = newRoomUrl();
    try (RoomPage alice = RoomPage.open(browser, room, "Alice");
         RoomPage bob = RoomPage.open(browser, room, "Bob")) {
      alice.shouldSeeConnected("Bob");
      alice.sendFilesTo("Bob", file);
      bob.accept("Alice");
      // Mid-way: some bytes arrived, not all.
      assertThat(bob.progressOf("stopped.bin")).hasAttribute("aria-valuenow",
          java.util.regex.Pattern.compile("^([1-9]|[1-8][0-9])$"),
          new LocatorAssertions.HasAttributeOptions().setTimeout(30_000));
      (senderCancels ? alice : bob).cancel("stopped.bin");
      assertThat(bob.transfer("stopped.bin")).containsText(senderCancels ? "Cancelled by Alice" : "Cancelled.");
      assertThat(alice.transfer("stopped.bin")).containsText(senderCancels ? "Cancelled." : "Cancelled by Bob");
      assertThat(bob.transfer("stopped.bin")).not().containsText("verified");
      assertThat(alice.transfer("stopped.bin").getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
          new com.microsoft.playwright.Locator.GetByRoleOptions().setName("Cancel"))).isHidden();
    }
  }

  @Test
  void the_transfer_resumes_after_the_receiving_page_reloads() throws IOException {
    Path file = randomFile(tmp.resolve("out/resumed.bin"), 64 * MIB, 9);
    String room = newRoomUrl();
    try (RoomPage alice = RoomPage.open(browser, room, "Alice");
         RoomPage bob = RoomPage.open(browser, room, "Bob")) {
      alice.shouldSeeConnected("Bob");
      alice.sendFilesTo("Bob", file);
      bob.accept("Alice");
      assertThat(bob.progressOf("resumed.bin")).hasAttribute("aria-valuenow",
          java.util.regex.Pattern.compile("^([1-9]|[1-7][0-9])$"),
          new LocatorAssertions.HasAttributeOptions().setTimeout(30_000));

      List<String> resumes = new java.util.concurrent.CopyOnWriteArrayList<>();
      bob.page().onConsoleMessage(m -> {
        if (m.text().contains("resuming transfer")) {
          resumes.add(m.text());
        }
      });
      Download download = bob.page().waitForDownload(new com.microsoft.playwright.Page.WaitForDownloadOptions()
          .setTimeout(120_000), () -> bob.page().reload());
      Path saved = tmp.resolve("in/resumed.bin");
      download.saveAs(saved);
      assertThat(sha256(saved)).isEqualTo(sha256(file));
      // It continued from what the reloaded page held, not from the first byte.
      assertThat(resumes).hasSize(1);
      assertThat(resumes.get(0)).doesNotContain("holding 0 of");
      assertThat(bob.transfer("resumed.bin")).containsText("verified", LONG);
      assertThat(alice.transfer("resumed.bin")).containsText("verified", LONG);
    }
  }

  @Test
  void an_empty_file_arrives_empty_and_verified() throws IOException {
    Path file = randomFile(tmp.resolve("out/empty.txt"), 0, 10);
    String room = newRoomUrl();
    try (RoomPage alice = RoomPage.open(browser, room, "Alice");
         RoomPage bob = RoomPage.open(browser, room, "Bob")) {
      alice.shouldSeeConnected("Bob");
      alice.sendFilesTo("Bob", file);
      Download download = bob.acceptAndDownload("Alice", 30_000);
      Path saved = tmp.resolve("in/empty.txt");
      download.saveAs(saved);
      assertThat(Files.size(saved)).isZero();
      assertThat(bob.transfer("empty.txt")).containsText("verified");
    }
  }

  @Test
  void hostile_names_are_shown_as_text_and_saved_inside_the_download_folder() throws IOException {
    String climb = "../../x";
    String html = "<img src=x onerror=alert(1)>.txt";
    String longName = "L".repeat(296) + ".txt";
    String control = "bell\u0007esc\u001b[31mred\u202Etxt.exe";
    Map<String, String> files = new LinkedHashMap<>();
    files.put(climb, "climb");
    files.put(html, "html");
    files.put(longName, "long");
    files.put(control, "control");
    String room = newRoomUrl();
    try (RoomPage alice = RoomPage.open(browser, room, "Alice");
         RoomPage bob = RoomPage.open(browser, room, "Bob")) {
      alice.shouldSeeConnected("Bob");
      List<String> dialogs = new ArrayList<>();
      bob.page().onDialog(d -> {
        dialogs.add(d.message());
        d.dismiss();
      });
      alice.dropMadeUpFilesOn("Bob", files);

      // Shown as the characters they are, never as markup.
      assertThat(bob.offerFrom("Alice")).containsText(html);
      assertThat(bob.offerFrom("Alice")).containsText(climb);
      assertThat(bob.offerFrom("Alice")).containsText(longName);
      assertThat(bob.offerFrom("Alice").locator("img")).hasCount(0);
      String offerText = (String) bob.offerFrom("Alice").evaluate("e => e.textContent");
      assertThat(offerText).contains(control);

      Download download = bob.acceptAndDownload("Alice", 30_000);
      Path zip = tmp.resolve("in/hostile.zip");
      download.saveAs(zip);
      List<String> names = entries(zip);
      assertThat(names).hasSize(4);
      for (String name : names) {
        assertThat(name).doesNotContain("/").doesNotContain("\\").doesNotStartWith(".");
        assertThat(name.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(255);
        assertThat(name.chars().noneMatch(ch -> ch < 0x20 || ch == 0x7f || ch == 0x202E)).as(name).isTrue();
      }
      assertThat(names).contains("_.._x", html, "bell_esc_[31mred_txt.exe");
      assertThat(names).anyMatch(n -> n.startsWith("LLLL") && n.endsWith(".txt"));
      assertThat(download.suggestedFilename()).doesNotContain("/");
      assertThat(bob.transfer("4 files")).containsText("verified");
      assertThat(bob.page().locator("img[src=x]")).hasCount(0);
      assertThat(dialogs).isEmpty();
    }
  }

  @Test
  void send_to_everyone_and_a_drop_on_the_room_reach_two_peers() throws IOException {
    Path file = randomFile(tmp.resolve("out/for-all.bin"), 5 * MIB + 3, 15);
    String room = newRoomUrl();
    try (RoomPage alice = RoomPage.open(browser, room, "Alice");
         RoomPage bob = RoomPage.open(browser, room, "Bob");
         RoomPage carol = RoomPage.open(browser, room, "Carol")) {
      alice.shouldSeeConnected("Bob");
      alice.shouldSeeConnected("Carol");
      alice.sendToEveryone(file);
      Download toBob = bob.acceptAndDownload("Alice", 30_000);
      Download toCarol = carol.acceptAndDownload("Alice", 30_000);
      toBob.saveAs(tmp.resolve("in/bob.bin"));
      toCarol.saveAs(tmp.resolve("in/carol.bin"));
      assertThat(sha256(tmp.resolve("in/bob.bin"))).isEqualTo(sha256(file));
      assertThat(sha256(tmp.resolve("in/carol.bin"))).isEqualTo(sha256(file));
      assertThat(alice.transfer("for-all.bin to Bob")).containsText("verified");
      assertThat(alice.transfer("for-all.bin to Carol")).containsText("verified");
      // Carol accepted only after Bob had it all: Alice still read the file from disk once.
      assertThat(alice.bytesReadFromDisk()).isEqualTo(Files.size(file));

      // A drop anywhere in the room, outside any avatar, is an offer to everyone too.
      Path note = randomFile(tmp.resolve("out/dropped-on-room.txt"), 100, 16);
      alice.dropFilesOnRoom(note);
      assertThat(bob.offerFrom("Alice")).containsText("dropped-on-room.txt");
      assertThat(carol.offerFrom("Alice")).containsText("dropped-on-room.txt");
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
    return sha256(out);
  }
}
