package io.peerhub.e2e.app;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.peerhub.e2e.BrowserStory;
import io.peerhub.e2e.RoomPage;
import io.peerhub.testkit.TestFiles;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Someone who uses no mouse (issue 17): every flow of the room, from taking a name to writing in
 * a document, done with Tab, Enter and typing alone. Each control is reached by pressing Tab, as
 * a person would, never by focusing it from the test.
 */
class KeyboardOnlyStoryTest extends BrowserStory {

  /** More than the room has focusable controls: a control never reached is not in the tab order. */
  private static final int MAX_TABS = 150;

  @TempDir
  Path tmp;

  @Test
  void rename_send_accept_cancel_chat_and_write_a_document_with_the_keyboard_alone() throws Exception {
    Path report = TestFiles.randomFile(tmp.resolve("report.pdf"), 64 * 1024, 5);
    Path draft = TestFiles.randomFile(tmp.resolve("draft.pdf"), 64 * 1024, 6);
    String room = newRoomUrl();
    try (BrowserContext context = browser.newContext();
         RoomPage bob = RoomPage.open(browser, room, "Bob")) {
      Page page = context.newPage();
      page.navigate(room);
      RoomPage alice = RoomPage.on(context, page, "Alice");

      // Join and take a name.
      Locator name = page.getByLabel("Your name", new Page.GetByLabelOptions().setExact(true));
      assertThat(name).isEnabled();
      tabTo(page, name);
      page.keyboard().press("Control+A");
      page.keyboard().type("Alice");
      page.keyboard().press("Enter");
      bob.shouldSeeConnected("Alice");
      alice.shouldSeeConnected("Bob");

      // Send: the person's avatar, then its Send files button, then the system's file chooser.
      tabTo(page, alice.avatarOf("Bob"));
      tabTo(page, page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send files").setExact(true)));
      pickWithEnter(page, report);

      // Accept. Bob's focus is still in his name field, so the offer does not take it from him
      // (it would from an idle page): he reaches it with Tab.
      Locator accept = bob.offerFrom("Alice").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Accept"));
      // Two people, two windows: each types into the one in front of them.
      bob.page().bringToFront();
      tabTo(bob.page(), accept);
      Download download = bob.page().waitForDownload(() -> bob.page().keyboard().press("Enter"));
      assertThat(download.suggestedFilename()).isEqualTo("report.pdf");
      assertThat(bob.transfer("report.pdf")).containsText("verified");

      // Cancel an offer still waiting for its answer.
      page.bringToFront();
      tabTo(page, alice.avatarOf("Bob"));
      tabTo(page, page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send files").setExact(true)));
      pickWithEnter(page, draft);
      assertThat(bob.offerFrom("Alice")).containsText("draft.pdf");
      tabTo(page, alice.transfer("draft.pdf").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Cancel")));
      page.keyboard().press("Enter");
      assertThat(alice.transfer("draft.pdf")).containsText("Cancelled.");
      assertThat(bob.offerFrom("Alice")).hasCount(0);

      // Chat.
      tabTo(page, page.locator("#chat-input"));
      page.keyboard().type("Report sent");
      page.keyboard().press("Enter");
      assertThat(bob.chatEntry("Alice", "Report sent")).isVisible();

      // Documents: open them, make one, write in it.
      tabTo(page, page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Open documents").setExact(true)));
      page.keyboard().press("Enter");
      tabTo(page, page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("New document").setExact(true)));
      page.keyboard().press("Enter");
      Locator editor = page.getByRole(AriaRole.TEXTBOX, new Page.GetByRoleOptions().setName("Document").setExact(true));
      tabTo(page, editor);
      page.keyboard().type("Agenda");
      assertThat(editor).containsText("Agenda");
    }
  }

  /**
   * Enter on the focused Send files button opens the file picker, and the person picks
   * {@code file}. What the test watches is the page's file input being clicked by that Enter;
   * the files are then put into that input as the system's chooser would. Headless Chromium
   * now and then shows no chooser at all for a synthetic key although the button and the page
   * have the focus (3 of 10 runs here, a second Enter included), so waiting for the native
   * chooser would test Chromium, not the page.
   */
  private static void pickWithEnter(Page page, Path file) {
    String input = "input[type=file]:not([webkitdirectory])";
    page.evaluate("sel => { window.__picked = 0; document.querySelector(sel).addEventListener('click',"
        + " e => { window.__picked++; e.preventDefault(); }, { once: true }); }", input);
    page.keyboard().press("Enter");
    await().atMost(Duration.ofSeconds(5)).until(() -> ((Number) page.evaluate("() => window.__picked")).intValue() == 1);
    page.locator(input).setInputFiles(file);
  }

  /** Presses Tab until {@code target} has the focus; fails if it never gets it. */
  private static void tabTo(Page page, Locator target) {
    target.waitFor();
    for (int i = 0; i < MAX_TABS; i++) {
      if ((Boolean) target.evaluate("el => el === document.activeElement || el.contains(document.activeElement)")) {
        return;
      }
      page.keyboard().press("Tab");
    }
    assertThat((Boolean) target.evaluate("el => el === document.activeElement"))
        .as("%s reached with Tab within %d presses", target, MAX_TABS).isTrue();
  }
}
