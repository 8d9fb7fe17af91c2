package io.peerhub.e2e.app;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.ColorScheme;
import io.peerhub.e2e.Axe;
import io.peerhub.e2e.BrowserStory;
import io.peerhub.e2e.RoomPage;
import io.peerhub.testkit.TestFiles;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Everyone can use the room (issue 17): axe-core finds nothing serious or critical on the
 * landing page, nor on a room with a peer, an offer waiting, a finished transfer, a chat message
 * and a document open, in the light and the dark scheme (contrast included: axe computes it
 * from the colours the page really shows).
 */
class AccessibleStoryTest extends BrowserStory {

  @TempDir
  Path tmp;

  @ParameterizedTest
  @EnumSource(value = ColorScheme.class, names = {"LIGHT", "DARK"})
  void nothing_serious_stands_in_anyones_way_on_the_landing_page_and_in_a_busy_room(ColorScheme scheme) throws Exception {
    Map<String, List<String>> found = new LinkedHashMap<>();
    Path file = TestFiles.randomFile(tmp.resolve("minutes.pdf"), 32 * 1024, 3);
    try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setColorScheme(scheme))) {
      Axe.installIn(context);
      Page landing = context.newPage();
      landing.navigate(server.baseUrl() + "/");
      assertThat(landing.getByRole(AriaRole.BUTTON).first()).isVisible();
      found.put("landing", Axe.seriousViolations(landing));
      landing.close();

      String room = newRoomUrl();
      try (RoomPage alice = RoomPage.openIn(context, room, "Alice");
           RoomPage bob = RoomPage.open(browser, room, "Bob")) {
        alice.shouldSeeConnected("Bob");
        bob.shouldSeeConnected("Alice");
        bob.say("Minutes are coming");
        assertThat(alice.chatEntry("Bob", "Minutes are coming")).isVisible();

        bob.sendFilesTo("Alice", file);
        assertThat(alice.offerFrom("Bob")).isVisible();
        found.put("room with an offer", Axe.seriousViolations(alice.page()));

        alice.accept("Bob");
        assertThat(alice.transfer("minutes.pdf")).containsText("verified");
        alice.newDocument();
        alice.typeInDocument("Agenda", false);
        assertThat(alice.documentEditor()).containsText("Agenda");
        found.put("room with a transfer and a document", Axe.seriousViolations(alice.page()));
      }
    }
    assertThat(found.values().stream().flatMap(List::stream).toList())
        .as("serious or critical violations in the %s scheme:%n%s", scheme, Axe.describe(found))
        .isEmpty();
  }
}
