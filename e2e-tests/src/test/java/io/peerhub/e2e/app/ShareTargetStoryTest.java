package io.peerhub.e2e.app;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.peerhub.testkit.TestFiles.sha256;
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
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sharing to Peerhub from another app (issue 17): the system posts the files to the manifest's
 * share target; the service worker takes them (no server sees them), the chooser offers the rooms
 * this browser was in with the people last seen there, and in the chosen room the file goes to
 * the chosen person as any offer does, verified.
 */
class ShareTargetStoryTest extends BrowserStory {

  /** What the share sheet does: a POST navigation of multipart form data to the share_target action. */
  private static final String SHARE_SHEET_FORM = """
      text => {
        const form = document.createElement('form');
        form.method = 'post';
        form.enctype = 'multipart/form-data';
        form.action = '/share';
        const files = document.createElement('input');
        files.type = 'file';
        files.name = 'files';
        files.multiple = true;
        files.id = 'shared-by-system';
        const note = document.createElement('input');
        note.name = 'text';
        note.value = text;
        form.append(files, note);
        document.body.append(form);
      }""";

  @TempDir
  Path tmp;

  @Test
  void a_file_shared_from_the_system_goes_to_the_person_chosen_in_a_recent_room_verified() throws Exception {
    Path photo = TestFiles.randomFile(tmp.resolve("holiday.jpg"), 300 * 1024, 11);
    String room = newRoomUrl();
    String shortId = URI.create(room).getPath().substring("/r/".length(), "/r/".length() + 6);
    try (BrowserContext context = browser.newContext();
         RoomPage alice = RoomPage.openIn(context, room, "Alice");
         RoomPage bob = RoomPage.open(browser, room, "Bob")) {
      alice.shouldSeeConnected("Bob");
      bob.shouldSeeConnected("Alice");
      await().atMost(Duration.ofSeconds(20)).until(() ->
          (Boolean) alice.page().evaluate("navigator.serviceWorker.controller !== null"));

      // Another app shares a photo and a line of text to Peerhub.
      Page sheet = context.newPage();
      sheet.navigate(server.baseUrl() + "/");
      sheet.evaluate(SHARE_SHEET_FORM, "From the trip");
      sheet.locator("#shared-by-system").setInputFiles(photo);
      sheet.evaluate("() => document.querySelector('#shared-by-system').form.submit()");
      sheet.waitForURL(Pattern.compile(".*/share\\?id=[0-9a-f]{24}$"));
      String chooser = sheet.url();
      assertThat(sheet.getByRole(AriaRole.LIST, new Page.GetByRoleOptions().setName("Shared files"))).containsText("holiday.jpg");
      assertThat(sheet.locator("#share-text")).hasText("From the trip");
      Locator recent = sheet.getByRole(AriaRole.LIST, new Page.GetByRoleOptions().setName("Recent rooms")).getByRole(AriaRole.LISTITEM);
      assertThat(recent.first()).containsText("Room " + shortId);
      assertThat(recent.first()).containsText("Last with Bob");

      // A reload of the chooser does not post again and still has it.
      sheet.reload();
      assertThat(sheet.getByRole(AriaRole.LIST, new Page.GetByRoleOptions().setName("Shared files"))).containsText("holiday.jpg");

      sheet.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send in room " + shortId)).click();
      sheet.waitForURL(room);
      RoomPage inRoom = RoomPage.on(context, sheet, "Alice (shared)");
      inRoom.shouldSeeConnected("Bob");
      Locator shared = sheet.getByRole(AriaRole.REGION, new Page.GetByRoleOptions().setName("Shared with Peerhub"));
      assertThat(shared).containsText("holiday.jpg");
      shared.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Put the text in the chat box")).click();
      assertThat(sheet.locator("#chat-input")).hasValue("From the trip");
      shared.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Send to Bob")).click();
      assertThat(shared).isHidden();

      assertThat(bob.offerFrom("Alice")).containsText("holiday.jpg");
      Download download = bob.acceptAndDownload("Alice", 60_000);
      Path saved = tmp.resolve("in/" + download.suggestedFilename());
      download.saveAs(saved);
      assertThat(download.suggestedFilename()).isEqualTo("holiday.jpg");
      assertThat(sha256(saved)).isEqualTo(sha256(photo));
      assertThat(bob.transfer("holiday.jpg")).containsText("verified");

      // Sent: the share is gone from this browser, so the chooser's link to it is spent.
      sheet.navigate(chooser);
      assertThat(sheet.locator("#share-status")).hasText("What you shared did not reach Peerhub. Share it again.");
    }
  }
}
