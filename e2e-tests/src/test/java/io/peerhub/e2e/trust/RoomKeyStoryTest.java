package io.peerhub.e2e.trust;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.peerhub.e2e.BrowserStory;
import io.peerhub.e2e.RoomPage;
import io.peerhub.protocol.trust.RoomKey;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Only holders of the whole link get in (docs/protocol.md "The room key"): the key after the #
 * never reaches the server, and a link without it, or with another one, shows nobody.
 */
class RoomKeyStoryTest extends BrowserStory {

  @Test
  void a_link_without_its_key_says_it_is_incomplete_and_never_shows_the_room() {
    RoomKey key = RoomKey.generate();
    String whole = key.link(server.baseUrl());
    try (RoomPage alice = RoomPage.open(browser, whole, "Alice");
         BrowserContext eve = browser.newContext()) {
      Page page = eve.newPage();
      page.navigate(server.baseUrl() + "/r/" + key.roomId());

      assertThat(alice.page().locator("#room-link")).hasText(whole); // what Alice shares carries the key
      assertThat(page.getByRole(AriaRole.ALERT)).containsText("This link is incomplete.");
      assertThat(page.getByRole(AriaRole.ALERT)).containsText("Ask the person who sent it for the whole link");
      nobodyMeets(alice.page(), page);
    }
  }

  @Test
  void a_link_with_a_wrong_key_is_refused_by_the_server_in_words() {
    RoomKey key = RoomKey.generate();
    try (RoomPage alice = RoomPage.open(browser, key.link(server.baseUrl()), "Alice");
         BrowserContext mallory = browser.newContext()) {
      Page page = mallory.newPage();
      page.navigate(server.baseUrl() + "/r/" + key.roomId() + "#" + RoomKey.generate().encoded());

      assertThat(page.getByRole(AriaRole.ALERT)).containsText("This link’s key does not open the room.");
      nobodyMeets(alice.page(), page);
    }
  }

  /** For a while, neither page lists anybody: the one without the key never joined. */
  private static void nobodyMeets(Page inside, Page outside) {
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
        .until(() -> inside.locator(".peer-button").count() == 0 && outside.locator(".peer-button").count() == 0);
  }

}
