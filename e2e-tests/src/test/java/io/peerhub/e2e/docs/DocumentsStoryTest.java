package io.peerhub.e2e.docs;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.peerhub.e2e.RoomPage;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DocumentsStoryTest extends DocStage {

  @Test
  void every_room_starts_with_notes_open_in_an_editor_called_document() {
    try (RoomPage alice = RoomPage.open(browser, newRoomUrl(), "Alice")) {
      assertThat(alice.documentTab("Notes")).hasAttribute("aria-current", "true");
      assertThat(alice.documentEditor()).isVisible();
      alice.typeInDocument("first words", false);
      assertThat(alice.documentEditor()).hasText("first words");
    }
  }

  @Test
  void documents_load_only_once_used_and_one_person_opening_them_brings_them_up_for_the_others() {
    String room = newRoomUrl();
    try (RoomPage alice = RoomPage.open(browser, room, "Alice");
         RoomPage bob = RoomPage.open(browser, room, "Bob")) {
      alice.shouldSeeConnected("Bob");
      bob.shouldSeeConnected("Alice");
      // A round trip over the mesh after both are verified: the room is up, nobody used documents.
      alice.say("no documents yet");
      assertThat(bob.chatEntry("Alice", "no documents yet")).isVisible();
      for (RoomPage page : new RoomPage[] {alice, bob}) {
        assertThat(page.closedDocuments()).isVisible();
        assertThat(page.documentsEngineFetched()).as("the engine's wasm was fetched").isFalse();
      }

      alice.typeInDocument("hello", false);
      // Bob never pressed anything: Alice's documents channel brought his up.
      assertThat(bob.closedDocuments()).hasCount(0);
      assertThat(bob.documentEditor()).hasText("hello");
      await().atMost(Duration.ofSeconds(10)).until(() -> hasSavedNotes(bob));

      // Alone after a reload, Bob's page loads the documents it kept, with no one to bring them.
      alice.close();
      bob.page().reload();
      assertThat(bob.closedDocuments()).hasCount(0);
      assertThat(bob.documentEditor()).hasText("hello");
    }
  }

  private static boolean hasSavedNotes(RoomPage page) {
    return (Boolean) page.page().evaluate("""
        async () => {
          const room = location.pathname.split('/').pop();
          try {
            const docs = await (await navigator.storage.getDirectory()).getDirectoryHandle('documents');
            await (await docs.getDirectoryHandle(room)).getFileHandle('notes.automerge');
            return true;
          } catch {
            return false;
          }
        }""");
  }

  @Test
  void two_people_typing_into_the_same_document_at_the_same_time_end_with_the_same_text() {
    String room = newRoomUrl();
    try (RoomPage alice = RoomPage.open(browser, room, "Alice");
         RoomPage bob = RoomPage.open(browser, room, "Bob")) {
      alice.shouldSeeConnected("Bob");
      bob.shouldSeeConnected("Alice");
      alice.documentEditor().click();
      bob.documentEditor().click();

      // Keystrokes interleaved with no wait between them: each lands before the other's arrives.
      for (int i = 0; i < 15; i++) {
        alice.page().keyboard().type("a" + (i % 10));
        bob.page().keyboard().type("b" + (i % 10));
      }

      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
        String a = alice.documentText();
        assertThat(a).hasSize(60).isEqualTo(bob.documentText());
      });
      // Nothing lost: every keystroke of both is there, and both pages agree (that each
      // person's words stay whole is SamePlaceTypingStoryTest's story).
      String text = alice.documentText();
      assertThat(text.chars().filter(c -> c == 'a')).hasSize(15);
      assertThat(text.chars().filter(c -> c == 'b')).hasSize(15);
      // Each sees where the other is typing, under their name.
      assertThat(alice.remoteCaretOf("Bob")).hasCount(1);
      assertThat(bob.remoteCaretOf("Alice")).hasCount(1);
    }
  }

  @Test
  void a_third_page_joining_late_gets_the_whole_text_and_every_document() {
    String room = newRoomUrl();
    try (RoomPage alice = RoomPage.open(browser, room, "Alice");
         RoomPage bob = RoomPage.open(browser, room, "Bob")) {
      alice.shouldSeeConnected("Bob");
      alice.typeInDocument("Agenda: ship documents.", false);
      alice.newDocument();
      alice.renameOpenDocument("Plan");
      alice.typeInDocument("Step one.", false);
      assertThat(bob.documentTab("Plan")).isVisible();
      bob.openDocument("Plan");
      assertThat(bob.documentEditor()).hasText("Step one.");

      try (RoomPage carol = RoomPage.open(browser, room, "Carol")) {
        carol.shouldSeeConnected("Alice");
        assertThat(carol.documentEditor()).hasText("Agenda: ship documents.");
        carol.openDocument("Plan");
        assertThat(carol.documentEditor()).hasText("Step one.");
      }
    }
  }

  @Test
  void emoji_and_combining_characters_typed_on_both_sides_stay_identical() {
    String room = newRoomUrl();
    try (RoomPage alice = RoomPage.open(browser, room, "Alice");
         RoomPage bob = RoomPage.open(browser, room, "Bob")) {
      alice.shouldSeeConnected("Bob");
      alice.typeInDocument("", false);
      alice.insertInDocument("café 👩‍👩‍👧 e\u0301 🇫🇷 ");
      await().atMost(Duration.ofSeconds(10))
          .until(() -> bob.documentText().equals(alice.documentText()));
      bob.typeInDocument("", true);
      bob.insertInDocument("😀n\u0303");
      bob.page().keyboard().press("End");
      bob.insertInDocument("🧑🏽‍💻");
      String expected = "😀n\u0303café 👩‍👩‍👧 e\u0301 🇫🇷 🧑🏽‍💻";
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
        assertThat(alice.documentText()).isEqualTo(expected);
        assertThat(bob.documentText()).isEqualTo(expected);
      });
    }
  }

  @Test
  void edits_made_apart_merge_when_the_person_comes_back() {
    String room = newRoomUrl();
    try (RoomPage bobFirst = RoomPage.open(browser, room, "Bob")) {
      // Bob is alone (nobody to sync with), writes, and leaves; his browser keeps the document.
      bobFirst.typeInDocument("Bob wrote this alone. ", false);
      bobFirst.page().waitForTimeout(1_500);
      bobFirst.page().close();

      try (RoomPage alice = RoomPage.open(browser, room, "Alice")) {
        alice.typeInDocument("Alice wrote this while Bob was away.", false);
        RoomPage bob = RoomPage.openIn(bobFirst.context(), room, "Bob");
        bob.shouldSeeConnected("Alice");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
          String a = alice.documentText();
          assertThat(a).contains("Bob wrote this alone. ").contains("Alice wrote this while Bob was away.");
          assertThat(bob.documentText()).isEqualTo(a);
        });
      }
    }
  }
}
