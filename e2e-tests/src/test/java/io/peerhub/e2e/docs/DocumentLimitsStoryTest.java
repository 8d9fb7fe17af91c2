package io.peerhub.e2e.docs;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.peerhub.e2e.PeerProcess;
import io.peerhub.e2e.RoomPage;
import io.peerhub.peer.PeerNode;
import io.peerhub.peer.docs.DocLimits;
import io.peerhub.peer.docs.DocStore;
import io.peerhub.peer.docs.DocSync;
import io.peerhub.peer.docs.DocsChannels;
import io.peerhub.peer.docs.TextDocs;
import io.peerhub.peer.mesh.DeviceIdentity;
import io.peerhub.peer.rtc.RtcRuntime;
import io.peerhub.peer.signaling.RoomAddress;
import io.peerhub.protocol.ClientKind;
import io.peerhub.protocol.peer.DocsProtocol;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A document's size is bounded: 256 KiB of text (docs/protocol.md "Size caps"), on every side. */
class DocumentLimitsStoryTest extends DocStage {

  private static final int CAP = DocsProtocol.MAX_DOC_TEXT_BYTES;

  @TempDir
  Path tmp;

  /** {@code bytes} of ASCII text in lines of 80, as a long document is. */
  private static String lines(int bytes) {
    StringBuilder out = new StringBuilder(bytes);
    while (out.length() < bytes) {
      out.append(out.length() % 80 == 79 ? '\n' : (char) ('a' + out.length() % 26));
    }
    return out.toString();
  }

  @Test
  void the_editor_takes_text_up_to_the_cap_then_says_the_document_is_full_and_takes_no_more() {
    String room = newRoomUrl();
    try (RoomPage alice = RoomPage.open(browser, room, "Alice");
         RoomPage bob = RoomPage.open(browser, room, "Bob")) {
      alice.shouldSeeConnected("Bob");
      alice.typeInDocument("", false);
      alice.pasteInDocument(lines(CAP - 5));
      await().atMost(Duration.ofSeconds(30)).until(() -> bob.documentLength() == CAP - 5);

      alice.page().keyboard().press("Control+End");
      alice.page().keyboard().type("1234567890");
      assertThat(alice.documentNotice()).hasText(
          "Notes is full: a document holds at most 256 KiB of text. Delete some to make room.");
      assertThat(alice.documentLength()).isEqualTo(CAP);
      await().atMost(Duration.ofSeconds(30)).until(() -> bob.documentLength() == CAP);
      // A paste past the cap is not taken either; deleting makes room again.
      alice.pasteInDocument("a paste");
      assertThat(alice.documentLength()).isEqualTo(CAP);
      alice.page().keyboard().press("Backspace");
      alice.page().keyboard().press("Backspace");
      alice.page().keyboard().type("!");
      assertThat(alice.documentLength()).isEqualTo(CAP - 1);
      await().atMost(Duration.ofSeconds(30)).until(() -> bob.documentLength() == CAP - 1);
    }
  }

  @Test
  void a_document_past_its_cap_from_a_peer_is_refused_politely_by_every_page_and_the_keeper_and_the_room_goes_on() throws Exception {
    String room = newRoomUrl();
    Path kept = tmp.resolve("kept");
    // Mallory's peer has no caps: it makes what no honest peer makes.
    DocLimits none = new DocLimits(Long.MAX_VALUE / 4, Long.MAX_VALUE / 4, Long.MAX_VALUE / 4, Long.MAX_VALUE / 4);
    DocSync mallory = new DocSync(new DocStore(tmp.resolve("mallory")), none);
    try (PeerProcess keeper = PeerProcess.startSplit(tmp.resolve("keep.out"),
            "keep", "--room", room, "--docs", kept.toString(), "--name", "Keeper");
         RoomPage alice = RoomPage.open(browser, room, "Alice");
         RoomPage bob = RoomPage.open(browser, room, "Bob");
         PeerNode node = new PeerNode(new RtcRuntime(), true, RoomAddress.parse(server.baseUrl(), room), "Mallory",
             ClientKind.NATIVE, DeviceIdentity.generate(), (from, chat) -> { }, Duration.ofMinutes(1))) {
      DocsChannels.attach(node.mesh(), mallory);
      node.start();
      alice.shouldSeeConnected("Bob");
      alice.shouldSeeConnected("Keeper");
      alice.shouldSeeConnected("Mallory");
      bob.shouldSeeConnected("Mallory");
      alice.typeInDocument("Agenda.", false);
      await().atMost(Duration.ofSeconds(15)).until(() -> "Agenda.".equals(mallory.read("notes", d -> d.map(TextDocs::text).orElse(""))));

      // Mallory makes Notes 300 KB long.
      mallory.edit("notes", d -> TextDocs.spliceUtf16(d, 7, 0, lines(300_000)));

      Pattern refused = Pattern.compile("^Changes from Mallory were not taken\\. Notes is full: a document holds at most 256 KiB of text\\.");
      assertThat(alice.documentNotice()).hasText(refused, new com.microsoft.playwright.assertions.LocatorAssertions.HasTextOptions().setTimeout(30_000));
      assertThat(bob.documentNotice()).hasText(refused, new com.microsoft.playwright.assertions.LocatorAssertions.HasTextOptions().setTimeout(30_000));
      await().atMost(Duration.ofSeconds(30)).until(() -> keeper.errors().contains("refused: document text would be"));
      assertThat(alice.documentText()).isEqualTo("Agenda.");
      assertThat(bob.documentText()).isEqualTo("Agenda.");
      assertThat(DocExport.text(tmp, kept, "Notes")).isEqualTo("Agenda.");

      // The rest of the room goes on: Notes between Alice, Bob and the keeper, and a new document.
      alice.typeInDocument(" Ship it.", false);
      await().atMost(Duration.ofSeconds(15)).until(() -> "Agenda. Ship it.".equals(bob.documentText()));
      alice.newDocument();
      alice.renameOpenDocument("Plan");
      alice.typeInDocument("Step one.", false);
      bob.openDocument("Plan");
      assertThat(bob.documentEditor()).hasText("Step one.");
      await().atMost(Duration.ofSeconds(15)).until(() -> "Step one.".equals(DocExport.text(tmp, kept, "Plan")));
      await().atMost(Duration.ofSeconds(15)).until(() -> "Agenda. Ship it.".equals(DocExport.text(tmp, kept, "Notes")));
      assertThat(keeper.errors()).doesNotContain("Exception");
    } finally {
      mallory.close();
    }
  }
}
