package io.peerhub.e2e.chat;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.peerhub.e2e.BrowserStory;
import io.peerhub.e2e.PeerProcess;
import io.peerhub.e2e.RoomPage;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `Send text` to one person, from a page and from the Java peer. */
class SendTextStoryTest extends BrowserStory {

  @TempDir
  Path tmp;

  private static BrowserContext withClipboard() {
    return browser.newContext(new Browser.NewContextOptions()
        .setPermissions(List.of("clipboard-read", "clipboard-write")));
  }

  /** The keyboard path: focus the avatar, Tab to its `Send text`, Enter, type, Ctrl+Enter. */
  private static void sendTextByKeyboard(RoomPage from, String to, String text) {
    Page page = from.page();
    from.avatarOf(to).focus();
    for (int i = 0; i < 8 && !"Send text".equals(page.evaluate("document.activeElement.textContent")); i++) {
      page.keyboard().press("Tab");
    }
    assertThat(page.locator(":focus")).hasText("Send text");
    page.keyboard().press("Enter");
    Locator field = page.getByLabel("Text for " + to);
    assertThat(field).isFocused();
    page.keyboard().insertText(text);
    page.keyboard().press("Control+Enter");
    assertThat(field).not().isVisible();
  }

  @Test
  void a_text_sent_to_one_of_two_peers_shows_only_there_with_copy_and_only_web_links_clickable() {
    String room = newRoomUrl();
    String text = "meet at https://example.org/room?x=1 not javascript:alert(document.domain) ok";
    try (RoomPage alice = RoomPage.open(browser, room, "Alice");
         RoomPage bob = RoomPage.openIn(withClipboard(), room, "Bob");
         RoomPage carol = RoomPage.open(browser, room, "Carol")) {
      alice.shouldSeeConnected("Bob");
      alice.shouldSeeConnected("Carol");
      bob.shouldSeeConnected("Alice");

      sendTextByKeyboard(alice, "Bob", text);

      Locator got = bob.chatEntry("Alice → you", "meet at");
      assertThat(got).hasCount(1);
      assertThat(got.locator(".chat-direct")).hasText("direct");
      assertThat(alice.chatEntry("You → Bob", "meet at").locator(".chat-direct")).hasText("direct");
      // A round trip to Carol after the text: had it reached her, it would be there by now.
      alice.say("to everyone");
      assertThat(carol.chatEntry("Alice", "to everyone")).hasCount(1);
      assertThat(carol.chatLog()).not().containsText("meet at");

      Locator link = got.getByRole(AriaRole.LINK);
      assertThat(link).hasCount(1);
      assertThat(link).hasText("https://example.org/room?x=1");
      assertThat(link).hasAttribute("href", "https://example.org/room?x=1");
      assertThat(link).hasAttribute("rel", "noopener noreferrer");
      assertThat(got.locator("a[href^='javascript']")).hasCount(0);
      assertThat(got).containsText("javascript:alert(document.domain)");

      got.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Copy")).click();
      assertThat(got.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Copied"))).isVisible();
      assertThat(bob.page().evaluate("navigator.clipboard.readText()")).isEqualTo(text);
    }
  }

  @Test
  void the_java_peer_sends_a_text_to_a_browser() throws Exception {
    String room = newRoomUrl();
    try (RoomPage alice = RoomPage.open(browser, room, "Alice")) {
      try (PeerProcess send = PeerProcess.startSplit(tmp.resolve("send.out"), "send", "--room", room, "--to", "Alice",
          "--name", "Java sender", "--text", "from Java: https://example.org/java")) {
        assertThat(send.waitForExit(60)).as(send.errors()).isZero();
        assertThat(send.output()).contains("text sent to Alice (it arrived)");
      }
      Locator got = alice.chatEntry("Java sender → you", "from Java:");
      assertThat(got).hasCount(1);
      assertThat(got.locator(".chat-direct")).hasText("direct");
      assertThat(got.getByRole(AriaRole.LINK)).hasAttribute("href", "https://example.org/java");
    }
  }
}
