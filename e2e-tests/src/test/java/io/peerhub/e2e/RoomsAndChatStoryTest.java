package io.peerhub.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Route;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.WaitUntilState;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class RoomsAndChatStoryTest extends BrowserStory {

  @Test
  void two_people_opening_the_same_link_see_each_other_connect_and_chat_both_ways() {
    String room = newRoomUrl();
    try (RoomPage alice = RoomPage.open(browser, room, "Alice");
         RoomPage bob = RoomPage.open(browser, room, "Bob")) {
      alice.shouldSeeConnected("Bob");
      bob.shouldSeeConnected("Alice");

      alice.say("hello Bob");
      assertThat(bob.chatEntry("Alice", "hello Bob")).hasCount(1);
      assertThat(alice.chatEntry("Alice", "hello Bob")).hasCount(1);

      bob.say("hi Alice, got it");
      assertThat(alice.chatEntry("Bob", "hi Alice, got it")).hasCount(1);
    }
  }

  /** The QR code is read back as a phone's camera would: it must carry the whole link, key included. */
  @Test
  void the_qr_code_holds_the_whole_room_link() throws Exception {
    String room = newRoomUrl();
    try (RoomPage alice = RoomPage.open(browser, room, "Alice")) {
      Locator qr = alice.page().getByRole(AriaRole.IMG, new Page.GetByRoleOptions().setName("QR code for this room's link"));
      qr.scrollIntoViewIfNeeded();
      await().atMost(Duration.ofSeconds(10)).until(() -> (Boolean) qr.evaluate("img => img.complete && img.naturalWidth > 0"));
      // In one loaded full run a shot of the loaded image read as no code at all (45 shots on a
      // quiet machine all read): the page is still laying out while it joins, and a screenshot
      // clips the box it measured just before. Reading again until a code is found cannot pass a
      // wrong one: whatever is read must still be the whole link.
      String text = await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> readQr(qr.screenshot()), t -> t != null);
      assertThat(text).isEqualTo(room).contains("#");
    }
  }

  @Test
  void a_rename_shows_on_the_other_side() {
    String room = newRoomUrl();
    try (RoomPage alice = RoomPage.open(browser, room, "Alice");
         RoomPage bob = RoomPage.open(browser, room, "Bob")) {
      alice.shouldSeeConnected("Bob");

      bob.rename("Robert");

      assertThat(alice.avatarOf("Robert")).isVisible();
      assertThat(alice.avatarOf("Bob")).hasCount(0);
      alice.shouldSeeConnected("Robert");
    }
  }

  /**
   * The page shows before its code runs (room-entry.ts loads the room code after it): a name typed
   * into the field then would be overwritten when the code starts, and the room would never see it.
   */
  @Test
  void the_name_field_takes_a_name_only_once_the_room_can_use_it() {
    String room = newRoomUrl();
    try (RoomPage alice = RoomPage.open(browser, room, "Alice");
         BrowserContext context = browser.newContext()) {
      Page page = context.newPage();
      List<Route> held = new ArrayList<>();
      AtomicBoolean release = new AtomicBoolean();
      page.route("**/assets/*.js", route -> {
        if (release.get()) {
          route.resume();
        } else {
          held.add(route);
        }
      });
      page.navigate(room, new Page.NavigateOptions().setWaitUntil(WaitUntilState.COMMIT));
      Locator name = page.getByLabel("Your name", new Page.GetByLabelOptions().setExact(true));
      assertThat(name).isVisible();
      page.waitForCondition(() -> !held.isEmpty());
      assertThat(name).not().isEditable();

      release.set(true);
      held.forEach(Route::resume);
      RoomPage bob = RoomPage.on(context, page, "Bob");
      bob.rename("Bob");
      alice.shouldSeeConnected("Bob");
      bob.shouldSeeConnected("Alice");
    }
  }

  @Test
  void someone_in_another_room_sees_neither_and_is_seen_by_neither() {
    String room = newRoomUrl();
    try (RoomPage alice = RoomPage.open(browser, room, "Alice");
         RoomPage bob = RoomPage.open(browser, room, "Bob");
         RoomPage carol = RoomPage.open(browser, newRoomUrl(), "Carol")) {
      alice.shouldSeeConnected("Bob");
      bob.shouldSeeConnected("Alice");
      alice.say("only for this room");
      assertThat(bob.chatEntry("Alice", "only for this room")).hasCount(1);

      assertThat(carol.page().getByRole(AriaRole.BUTTON,
          new Page.GetByRoleOptions().setName(Pattern.compile("^(Alice|Bob)\\b")))).hasCount(0);
      assertThat(carol.chatLog()).not().containsText("only for this room");
      assertThat(alice.avatarOf("Carol")).hasCount(0);
      assertThat(bob.avatarOf("Carol")).hasCount(0);
    }
  }

  @Test
  void closing_a_page_removes_its_avatar_from_the_other_within_two_seconds() {
    String room = newRoomUrl();
    try (RoomPage alice = RoomPage.open(browser, room, "Alice")) {
      RoomPage bob = RoomPage.open(browser, room, "Bob");
      alice.shouldSeeConnected("Bob");

      bob.page().close();

      assertThat(alice.avatarOf("Bob")).hasCount(0,
          new LocatorAssertions.HasCountOptions().setTimeout(2_000));
      bob.close();
    }
  }

  @Test
  void chat_text_that_looks_like_html_shows_literally_and_runs_nothing() {
    String hostile = "<img src=x onerror=alert(1)>";
    String room = newRoomUrl();
    try (RoomPage alice = RoomPage.open(browser, room, "Alice");
         RoomPage bob = RoomPage.open(browser, room, "Bob")) {
      List<String> dialogs = new CopyOnWriteArrayList<>();
      for (RoomPage p : List.of(alice, bob)) {
        p.page().onDialog(dialog -> {
          dialogs.add(dialog.message());
          dialog.dismiss();
        });
      }
      alice.shouldSeeConnected("Bob");

      alice.say(hostile);

      Locator received = bob.chatEntry("Alice", hostile);
      assertThat(received).hasCount(1);
      assertThat(bob.chatLog().locator("img")).hasCount(0);
      assertThat(alice.chatLog().locator("img")).hasCount(0);
      // A round trip after the message: had the markup run, its alert would have fired by now.
      bob.say("after");
      assertThat(alice.chatEntry("Bob", "after")).hasCount(1);
      assertThat(dialogs).isEmpty();
    }
  }

  @Test
  void the_landing_page_starts_a_new_room() {
    try (var context = browser.newContext()) {
      Page page = context.newPage();
      page.navigate(server.baseUrl() + "/");
      Locator start = page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Start a room"))
          .or(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Start a room")));
      start.click();
      page.waitForURL(Pattern.compile(".*/r/[A-Za-z0-9_-]{22}#[A-Za-z0-9_-]{22}$"));
      assertThat(page.getByLabel("Your name", new Page.GetByLabelOptions().setExact(true)))
          .isVisible();
    }
  }

  private static String readQr(byte[] png) throws Exception {
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels)));
    return new QRCodeReader().decode(bitmap).getText();
  }
}
