package io.peerhub.e2e.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.peerhub.e2e.RoomPage;
import java.time.Duration;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * Two people typing at the same place at once, as in Google Docs: each person's words stay
 * whole. Playwright drives one browser from one thread, so "at once" is key by key, alternating,
 * with no wait between keys: each keystroke is sent before the other's last one has arrived, or
 * just after, and a remote character lands exactly at the local caret over and over.
 */
class SamePlaceTypingStoryTest extends DocStage {

  private static final String ALICE = "alpha from alice.";
  private static final String BOB = "beta from bob.";

  /** Types both sentences key by key, alternating between the two pages, from the carets where they are. */
  private static void typeTogether(RoomPage alice, String aliceText, RoomPage bob, String bobText) {
    for (int i = 0; i < Math.max(aliceText.length(), bobText.length()); i++) {
      if (i < aliceText.length()) {
        alice.page().keyboard().type(aliceText.substring(i, i + 1));
      }
      if (i < bobText.length()) {
        bob.page().keyboard().type(bobText.substring(i, i + 1));
      }
    }
  }

  @RepeatedTest(3)
  void two_people_typing_at_once_into_the_empty_notes_each_keep_their_sentence_whole() {
    String room = newRoomUrl();
    try (RoomPage alice = RoomPage.open(browser, room, "Alice");
         RoomPage bob = RoomPage.open(browser, room, "Bob")) {
      alice.shouldSeeConnected("Bob");
      bob.shouldSeeConnected("Alice");
      alice.documentEditor().click();
      bob.documentEditor().click();

      typeTogether(alice, ALICE, bob, BOB);

      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
        String a = alice.documentText();
        assertThat(a).hasSize(ALICE.length() + BOB.length()).isEqualTo(bob.documentText());
      });
      // Whole sentences, one after the other (which one first is Automerge's choice, the same for both).
      assertThat(alice.documentText()).isIn(ALICE + BOB, BOB + ALICE);
    }
  }

  @Test
  void typing_at_once_at_different_places_converges_with_both_sentences_whole() {
    String room = newRoomUrl();
    try (RoomPage alice = RoomPage.open(browser, room, "Alice");
         RoomPage bob = RoomPage.open(browser, room, "Bob")) {
      alice.shouldSeeConnected("Bob");
      alice.typeInDocument("[start] [end]", false);
      await().atMost(Duration.ofSeconds(10)).until(() -> "[start] [end]".equals(bob.documentText()));
      // Alice writes after "[start]", Bob at the very end, at the same time.
      alice.documentEditor().click();
      alice.page().keyboard().press("Control+Home");
      for (int i = 0; i < "[start]".length(); i++) {
        alice.page().keyboard().press("ArrowRight");
      }
      bob.documentEditor().click();
      bob.page().keyboard().press("Control+End");

      typeTogether(alice, " " + ALICE, bob, " " + BOB);

      String expected = "[start] " + ALICE + " [end] " + BOB;
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
        assertThat(alice.documentText()).isEqualTo(expected);
        assertThat(bob.documentText()).isEqualTo(expected);
      });
    }
  }
}
