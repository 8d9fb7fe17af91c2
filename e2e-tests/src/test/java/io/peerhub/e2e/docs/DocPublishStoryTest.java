package io.peerhub.e2e.docs;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.peerhub.e2e.PeerProcess;
import io.peerhub.e2e.RoomPage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A script publishes into a room with the Java peer's {@code doc} command, as people run it. */
class DocPublishStoryTest extends DocStage {

  @TempDir
  Path tmp;

  /** Runs {@code doc} to the end; returns what it said on standard error. */
  private String doc(String... args) throws Exception {
    Path out = tmp.resolve("doc-" + System.nanoTime() + ".out");
    try (PeerProcess p = PeerProcess.startSplit(out, args)) {
      int code = p.waitForExit(90);
      assertThat(code).as("doc exit code; it said: %s", p.errors()).isZero();
      return p.errors();
    }
  }

  @Test
  void the_java_peer_imports_a_file_into_a_new_document_that_a_browser_then_shows_and_appends_and_replaces() throws Exception {
    String room = newRoomUrl();
    String notes = "Release 1.2\r\n\r\n- café and 👩‍👩‍👧 in titles\r\n- e\u0301 stays e\u0301\r\n";
    Path file = Files.writeString(tmp.resolve("release.txt"), notes, StandardCharsets.UTF_8);
    try (RoomPage alice = RoomPage.open(browser, room, "Alice")) {
      String said = doc("doc", "--room", room, "--title", "Release notes", "--import", file.toString(), "--name", "CI");
      assertThat(said).contains("Release notes created");

      // Alice sees the new document in the list and its text, line breaks as the editor has them.
      assertThat(alice.documentTab("Release notes")).isVisible();
      alice.openDocument("Release notes");
      String shown = "Release 1.2\n\n- café and 👩‍👩‍👧 in titles\n- e\u0301 stays e\u0301\n";
      await().atMost(Duration.ofSeconds(10)).until(() -> shown.equals(alice.documentText()));

      // Lines added by a script land at the end, after what Alice has.
      doc("doc", "--room", room, "--title", "Release notes", "--append", "- build 42 passed", "--append", "- deployed");
      await().atMost(Duration.ofSeconds(10))
          .until(() -> (shown + "- build 42 passed\n- deployed\n").equals(alice.documentText()));

      // A new version of the file replaces the text; importing without --replace would not.
      Path v2 = Files.writeString(tmp.resolve("release2.txt"), "Release 1.3\n\n- faster\n", StandardCharsets.UTF_8);
      Path out = tmp.resolve("refused.out");
      try (PeerProcess p = PeerProcess.startSplit(out, "doc", "--room", room, "--title", "Release notes", "--import", v2.toString())) {
        assertThat(p.waitForExit(90)).isEqualTo(1);
        assertThat(p.errors()).contains("Release notes already has text; --replace replaces it");
      }
      doc("doc", "--room", room, "--title", "Release notes", "--import", v2.toString(), "--replace");
      await().atMost(Duration.ofSeconds(10)).until(() -> "Release 1.3\n\n- faster\n".equals(alice.documentText()));
      assertThat(alice.documentList().getByRole(com.microsoft.playwright.options.AriaRole.BUTTON)).hasCount(2);
    }
  }

  @Test
  void with_only_the_keeper_in_the_room_a_published_document_reaches_a_page_that_comes_later() throws Exception {
    String room = newRoomUrl();
    Path docs = tmp.resolve("kept");
    try (PeerProcess keeper = PeerProcess.startSplit(tmp.resolve("keep.out"),
        "keep", "--room", room, "--docs", docs.toString(), "--name", "Keeper")) {
      Path file = Files.writeString(tmp.resolve("status.txt"), "All systems go.\n", StandardCharsets.UTF_8);
      doc("doc", "--room", room, "--title", "Status", "--import", file.toString());
      doc("doc", "--room", room, "--title", "Notes", "--append", "published by a script");
      await().atMost(Duration.ofSeconds(15))
          .until(() -> "All systems go.\n".equals(DocExport.text(tmp, docs, "Status")));

      try (RoomPage bob = RoomPage.open(browser, room, "Bob")) {
        bob.shouldSeeConnected("Keeper");
        await().atMost(Duration.ofSeconds(15)).until(() -> "published by a script\n".equals(bob.documentText()));
        bob.openDocument("Status");
        assertThat(bob.documentEditor()).hasText("All systems go.");
      }
      assertThat(keeper.errors()).doesNotContain("Exception");
    }
  }
}
