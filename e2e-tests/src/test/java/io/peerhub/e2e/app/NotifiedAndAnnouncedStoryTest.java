package io.peerhub.e2e.app;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.peerhub.e2e.BrowserStory;
import io.peerhub.e2e.RoomPage;
import io.peerhub.testkit.TestFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Someone who only receives hears of an offer (issue 17): notifications are asked for once, in
 * the room and on a click, never on load; an offer made while the tab is in the background shows
 * a notification whose click brings the keyboard to the offer; and a screen reader is told of it.
 */
class NotifiedAndAnnouncedStoryTest extends BrowserStory {

  /**
   * Counts permission requests and records the notifications the page makes, with the real ones
   * still behind: headless Chromium shows no notification a test could see otherwise.
   */
  private static final String NOTIFICATION_SPY = """
      (() => {
        const Real = window.Notification;
        const seen = { asked: 0, notes: [] };
        window.__notificationSpy = seen;
        class Spy extends Real {
          constructor(title, options) {
            super(title, options);
            seen.notes.push({ title, body: options && options.body, note: this });
          }
        }
        Object.defineProperty(Spy, 'permission', { get: () => Real.permission });
        Spy.requestPermission = (...args) => { seen.asked++; return Real.requestPermission(...args); };
        window.Notification = Spy;
      })();""";

  @TempDir
  Path tmp;

  @Test
  void notifications_are_asked_for_only_on_a_click_once_someone_is_in_the_room() {
    String room = newRoomUrl();
    try (BrowserContext context = browser.newContext()) {
      context.addInitScript(NOTIFICATION_SPY);
      Page page = context.newPage();
      page.navigate(room);
      RoomPage bob = RoomPage.on(context, page, "Bob");
      bob.rename("Bob");
      Locator prompt = page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Turn on notifications"));
      assertThat(page.locator("body")).hasAttribute("data-signaling", "connected");
      assertThat(prompt).isHidden();

      try (RoomPage alice = RoomPage.open(browser, room, "Alice")) {
        bob.shouldSeeConnected("Alice");
        assertThat(prompt).isVisible();
        assertThat(page.evaluate("window.__notificationSpy.asked")).isEqualTo(0);

        prompt.click();
        await().atMost(Duration.ofSeconds(5)).until(() -> (Integer) page.evaluate("window.__notificationSpy.asked") == 1);
        assertThat(prompt).isHidden();

        // Answered once: not asked again in the next visit.
        page.reload();
        bob.shouldSeeConnected("Alice");
        assertThat(page.getByText("Get a notification when someone sends you files")).isHidden();
        assertThat(page.evaluate("window.__notificationSpy.asked")).isEqualTo(0);
      }
    }
  }

  @Test
  void an_offer_is_announced_reachable_by_keyboard_and_notified_while_the_tab_is_hidden() throws Exception {
    String room = newRoomUrl();
    Path file = TestFiles.randomFile(tmp.resolve("report.bin"), 64 * 1024, 7);
    try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setPermissions(List.of("notifications")))) {
      context.addInitScript(NOTIFICATION_SPY);
      Page page = context.newPage();
      page.navigate(room);
      RoomPage bob = RoomPage.on(context, page, "Bob");
      bob.rename("Bob");
      try (RoomPage alice = RoomPage.open(browser, room, "Alice")) {
        bob.shouldSeeConnected("Alice");
        alice.shouldSeeConnected("Bob");

        // In view, not typing: the announcement, and the keyboard on Accept at once.
        page.evaluate("document.activeElement.blur()");
        alice.sendFilesTo("Bob", file);
        assertThat(page.locator("#announcer")).hasText("Alice wants to send you 1 file. Accept or decline it under Files.");
        assertThat(bob.offerFrom("Alice").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Accept"))).isFocused();
        assertThat(page.evaluate("window.__notificationSpy.notes.length")).as("no notification for a page in view").isEqualTo(0);
        page.keyboard().press("Tab");
        assertThat(bob.offerFrom("Alice").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Decline"))).isFocused();
        page.keyboard().press("Enter");
        assertThat(bob.offerFrom("Alice")).hasCount(0);

        // In the background. Headless Chromium keeps every page visible (another tab in front or a
        // minimised window leave document.hidden false), so the page is told it is hidden as the
        // browser would tell it: document.hidden, visibilityState and the visibilitychange event.
        setHidden(page, true);
        alice.sendFilesTo("Bob", file);
        await().atMost(Duration.ofSeconds(10)).until(() -> (Integer) page.evaluate("window.__notificationSpy.notes.length") == 1);
        @SuppressWarnings("unchecked")
        Map<String, Object> note = (Map<String, Object>) page.evaluate(
            "({ title: window.__notificationSpy.notes[0].title, body: window.__notificationSpy.notes[0].body })");
        assertThat(note).containsEntry("title", "Alice wants to send you 1 file");

        setHidden(page, false);
        page.locator("#chat-input").focus();
        page.evaluate("window.__notificationSpy.notes[0].note.dispatchEvent(new Event('click'))");
        assertThat(bob.offerFrom("Alice").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Accept"))).isFocused();
        page.keyboard().press("Enter");
        assertThat(bob.transfer("report.bin")).containsText("verified");
      }
    }
  }

  private static void setHidden(Page page, boolean hidden) {
    page.evaluate("""
        hidden => {
          Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden });
          Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => hidden ? 'hidden' : 'visible' });
          document.dispatchEvent(new Event('visibilitychange'));
        }""", hidden);
    assertThat(page.evaluate("document.hidden")).isEqualTo(hidden);
  }
}
