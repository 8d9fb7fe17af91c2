package io.peerhub.e2e.policy;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.peerhub.e2e.PeerProcess;
import io.peerhub.e2e.RoomPage;
import io.peerhub.protocol.policy.FileCategory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hub whose policy blocks video (issue 16): the sender's page holds a video back and says why,
 * by its content even when it is named {@code notes.txt}; a PDF goes through; and a page whose
 * own check is bypassed, as a modified client's would be, still has its video refused by the
 * receiving page, with nothing of it kept in that browser's storage.
 */
class HubPolicyStoryTest extends PolicyStage {

  private static final int SIZE = 300_000;
  private static final String BY_CONTENT = "video files are not allowed on this hub (judged by its content)";
  private static final String BY_NAME = "video files are not allowed on this hub (judged by its name)";

  @TempDir
  Path tmp;

  @Test
  void a_page_holds_back_a_video_even_renamed_says_why_and_sends_a_pdf() {
    Path mp4 = fileLike("holiday.mp4", tmp.resolve("out/holiday.mp4"), SIZE);
    Path renamed = fileLike("holiday.mp4", tmp.resolve("out/notes.txt"), SIZE);
    Path pdf = fileLike("manual.pdf", tmp.resolve("out/manual.pdf"), SIZE);
    String room = hubRoomUrl();
    try (RoomPage alice = RoomPage.open(browser, room, "Alice");
         RoomPage bob = RoomPage.open(browser, room, "Bob")) {
      alice.shouldSeeConnected("Bob");
      assertThat(policyView(alice.page())).containsText(NOTICE);
      assertThat(policyView(alice.page())).containsText("Not allowed: video files, judged by name and by content.");

      alice.sendFilesTo("Bob", mp4);
      assertThat(alice.transfer("holiday.mp4")).containsText("Not sent");
      assertThat(alice.transfer("holiday.mp4")).containsText("holiday.mp4: " + BY_CONTENT);
      assertThat(alice.transfer("holiday.mp4")).containsText(NOTICE);
      alice.sendFilesTo("Bob", renamed);
      assertThat(alice.transfer("notes.txt")).containsText("notes.txt: " + BY_CONTENT);

      alice.sendFilesTo("Bob", pdf);
      // The first and only offer Bob sees: neither video was ever offered.
      assertThat(bob.offerFrom("Alice")).containsText("manual.pdf");
      assertThat(bob.offerFrom("Alice")).hasCount(1);
      Download download = bob.acceptAndDownload("Alice", 60_000);
      Path saved = tmp.resolve("in/manual.pdf");
      download.saveAs(saved);
      assertThat(sha256(saved)).isEqualTo(sha256(pdf));
      assertThat(alice.transfer("manual.pdf to Bob")).containsText("verified");
    }
  }

  @Test
  void a_sender_that_skips_its_own_check_is_refused_by_the_receiving_page_which_keeps_nothing() {
    Path mp4 = fileLike("holiday.mp4", tmp.resolve("out/holiday.mp4"), SIZE);
    Path renamed = fileLike("holiday.mp4", tmp.resolve("out/notes.txt"), SIZE);
    Path pdf = fileLike("manual.pdf", tmp.resolve("out/manual.pdf"), SIZE);
    String room = hubRoomUrl();
    try (RoomPage mallory = RoomPage.open(browser, room, "Mallory");
         RoomPage bob = RoomPage.open(browser, room, "Bob")) {
      mallory.shouldSeeConnected("Bob");
      List<Download> downloads = new CopyOnWriteArrayList<>();
      bob.page().onDownload(downloads::add);
      bypassOwnCheck(mallory.page());

      // By name, from the offer alone: no offer is shown, nothing is staged.
      mallory.sendFilesTo("Bob", mp4);
      assertThat(mallory.transfer("holiday.mp4 to Bob")).containsText("Bob refused: the hub policy does not allow it: holiday.mp4: " + BY_NAME);
      assertThat(bob.transfer("holiday.mp4 from Mallory")).containsText("Refused under the hub policy: holiday.mp4: " + BY_NAME);
      assertThat(bob.offerFrom("Mallory")).hasCount(0);

      // By content: the name passes, the first bytes do not; stopped before any byte is staged.
      mallory.sendFilesTo("Bob", renamed);
      bob.accept("Mallory");
      assertThat(bob.transfer("notes.txt")).containsText("Stopped and deleted: notes.txt: " + BY_CONTENT);
      assertThat(bob.transfer("notes.txt")).containsText(NOTICE);
      assertThat(mallory.transfer("notes.txt")).containsText("Bob stopped it, the hub policy does not allow it: notes.txt: " + BY_CONTENT);
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
        assertThat(opfsNames(bob.page(), "transfers")).isEmpty();
        assertThat(opfsNames(bob.page(), "transfer-records")).isEmpty();
      });

      // The same sender's PDF still goes through: the only download Bob's browser ever made.
      mallory.sendFilesTo("Bob", pdf);
      Download download = bob.acceptAndDownload("Mallory", 60_000);
      assertThat(download.suggestedFilename()).isEqualTo("manual.pdf");
      assertThat(downloads).containsExactly(download);
    }
  }

  @Test
  void a_sender_that_skips_its_own_check_is_refused_by_the_java_drop_which_keeps_nothing_on_disk() throws Exception {
    Path mp4 = fileLike("holiday.mp4", tmp.resolve("out/holiday.mp4"), SIZE);
    Path renamed = fileLike("holiday.mp4", tmp.resolve("out/notes.txt"), SIZE);
    Path pdf = fileLike("manual.pdf", tmp.resolve("out/manual.pdf"), SIZE);
    Path inbox = tmp.resolve("inbox");
    String room = hubRoomUrl();
    try (PeerProcess drop = PeerProcess.start(tmp.resolve("drop.log"), "drop", "--room", room,
             "--dir", inbox.toString(), "--name", "Inbox");
         RoomPage mallory = RoomPage.open(browser, room, "Mallory")) {
      mallory.shouldSeeConnected("Inbox");
      await().atMost(Duration.ofSeconds(10)).until(() -> drop.output().contains("hub policy in force"));
      bypassOwnCheck(mallory.page());

      mallory.dropFilesOn("Inbox", mp4);
      assertThat(mallory.transfer("holiday.mp4 to Inbox"))
          .containsText("Inbox refused: the hub policy does not allow it: holiday.mp4: " + BY_NAME);

      mallory.dropFilesOn("Inbox", renamed);
      assertThat(mallory.transfer("notes.txt to Inbox"))
          .containsText("Inbox stopped it, the hub policy does not allow it: notes.txt: " + BY_CONTENT);
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(drop.output())
          .contains("stopped by the policy: notes.txt: " + BY_CONTENT));
      assertThat(filesUnder(inbox)).isEmpty();

      mallory.dropFilesOn("Inbox", pdf);
      assertThat(mallory.transfer("manual.pdf to Inbox")).containsText("verified");
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
          assertThat(filesUnder(inbox)).containsExactly(inbox.resolve("manual.pdf")));
      assertThat(sha256(inbox.resolve("manual.pdf"))).isEqualTo(sha256(pdf));
    }
  }

  /** Every regular file under the drop's folder, its staging ({@code .partial/}) included. */
  private static List<Path> filesUnder(Path dir) throws java.io.IOException {
    try (java.util.stream.Stream<Path> walk = java.nio.file.Files.walk(dir)) {
      return walk.filter(java.nio.file.Files::isRegularFile).toList();
    }
  }

  @Test
  void a_policy_change_reaches_a_page_already_in_the_room() throws Exception {
    String room = hubRoomUrl();
    try (RoomPage alice = RoomPage.open(browser, room, "Alice")) {
      assertThat(policyView(alice.page())).containsText("Not allowed: video files");
      writePolicy("notice: " + NOTICE + "\nblockCategories: [video, audio]\nchat: false\n");
      assertThat(policyView(alice.page())).containsText("audio files");
      assertThat(policyView(alice.page())).containsText("Chat is off.");
      assertThat(alice.page().locator("#toasts")).containsText("The hub policy changed");
      assertThat(alice.page().getByRole(AriaRole.REGION, new Page.GetByRoleOptions().setName("Chat"))).isHidden();
    } finally {
      writePolicy("notice: " + NOTICE + "\nblockCategories: [video]\n");
      await().atMost(Duration.ofSeconds(10)).until(() ->
          hub.policy().blockCategories().equals(java.util.Set.of(FileCategory.VIDEO)) && hub.policy().chat());
    }
  }

  private static Locator policyView(Page page) {
    return page.getByRole(AriaRole.REGION, new Page.GetByRoleOptions().setName("Hub policy"));
  }
}
