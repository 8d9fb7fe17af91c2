package io.peerhub.e2e.docs;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.peerhub.peer.mesh.DeviceIdentity;
import io.peerhub.e2e.PeerProcess;
import io.peerhub.e2e.RoomPage;
import io.peerhub.peer.PeerNode;
import io.peerhub.peer.docs.DocStore;
import io.peerhub.peer.docs.DocSync;
import io.peerhub.peer.docs.DocsChannels;
import io.peerhub.peer.docs.TextDocs;
import io.peerhub.peer.rtc.RtcRuntime;
import io.peerhub.peer.signaling.RoomAddress;
import io.peerhub.protocol.ClientKind;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeptDocumentsStoryTest extends DocStage {

  @TempDir
  Path tmp;

  @Test
  void the_java_keeper_keeps_a_document_after_every_page_left_and_a_new_page_gets_it_back() throws Exception {
    String room = newRoomUrl();
    Path docs = tmp.resolve("docs");
    String text = "Kept by Java: café 👩‍👩‍👧 e\u0301 🇫🇷";
    try (PeerProcess keeper = PeerProcess.startSplit(tmp.resolve("keep.out"),
        "keep", "--room", room, "--docs", docs.toString(), "--name", "Keeper")) {
      try (RoomPage alice = RoomPage.open(browser, room, "Alice")) {
        alice.shouldSeeConnected("Keeper");
        alice.typeInDocument("", false);
        alice.insertInDocument(text);
        alice.newDocument();
        alice.renameOpenDocument("Plan");
        alice.typeInDocument("Step one.", false);
        // Saved on disk as it changes, in the keeper's own folder.
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
          assertThat(DocExport.text(tmp, docs, "Notes")).isEqualTo(text);
          assertThat(DocExport.text(tmp, docs, "Plan")).isEqualTo("Step one.");
        });
      }
      // Every page has left; a new one arrives and gets both documents from the keeper.
      try (RoomPage bob = RoomPage.open(browser, room, "Bob")) {
        bob.shouldSeeConnected("Keeper");
        await().atMost(Duration.ofSeconds(15)).until(() -> text.equals(bob.documentText()));
        bob.openDocument("Plan");
        assertThat(bob.documentEditor()).hasText("Step one.");
        // Bob edits; the keeper's copy follows, emoji and combining marks intact.
        bob.openDocument("Notes");
        bob.typeInDocument("", true);
        bob.insertInDocument("🧑🏽‍💻n\u0303 ");
        String edited = "🧑🏽‍💻n\u0303 " + text;
        await().atMost(Duration.ofSeconds(15))
            .untilAsserted(() -> assertThat(DocExport.text(tmp, docs, "Notes")).isEqualTo(edited));
        assertThat(bob.documentText()).isEqualTo(edited);
      }
      assertThat(keeper.errors()).doesNotContain("Exception");
    }
  }

  @Test
  void emoji_and_combining_characters_edited_from_a_browser_and_the_java_peer_stay_identical_on_both() throws Exception {
    String room = newRoomUrl();
    RtcRuntime rtc = new RtcRuntime();
    DocSync java = new DocSync(new DocStore(tmp.resolve("java")));
    try (PeerNode node = new PeerNode(rtc, true, RoomAddress.parse(server.baseUrl(), room), "Jay",
        ClientKind.NATIVE, DeviceIdentity.generate(), (from, chat) -> { }, Duration.ofMinutes(1));
         RoomPage alice = RoomPage.open(browser, room, "Alice")) {
      DocsChannels.attach(node.mesh(), java);
      node.start();
      alice.shouldSeeConnected("Jay");
      alice.typeInDocument("", false);
      alice.insertInDocument("a😀b e\u0301 👩‍👩‍👧 z");
      await().atMost(Duration.ofSeconds(15))
          .until(() -> "a😀b e\u0301 👩‍👩‍👧 z".equals(java.read("notes", d -> d.map(TextDocs::text).orElse(""))));

      // Java inserts right after the 😀 and after the family: positions as the browser counts them.
      java.edit("notes", d -> {
        String t = TextDocs.text(d);
        TextDocs.spliceUtf16(d, t.indexOf("b"), 0, "🇫🇷");
        String u = TextDocs.text(d);
        TextDocs.spliceUtf16(d, u.indexOf(" z"), 0, "n\u0303");
      });
      // At the same time the browser types at the end.
      alice.typeInDocument("!", false);

      String expected = "a😀🇫🇷b e\u0301 👩‍👩‍👧n\u0303 z!";
      await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
        assertThat(alice.documentText()).isEqualTo(expected);
        String javaText = java.read("notes", d -> d.map(TextDocs::text).orElse(""));
        assertThat(javaText).isEqualTo(expected);
      });
    } finally {
      java.close();
    }
  }
}
