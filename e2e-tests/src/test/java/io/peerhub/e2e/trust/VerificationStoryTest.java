package io.peerhub.e2e.trust;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import io.peerhub.e2e.BrowserStory;
import io.peerhub.e2e.RoomPage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Peers prove to each other who they are (docs/protocol.md "Verifying a peer"): each page shows
 * the other as verified, both show the same safety code, and trusting a device follows its key:
 * after a reload its files come in without a prompt, while another device that takes its name
 * is asked about as any stranger would be.
 */
class VerificationStoryTest extends BrowserStory {

  @TempDir
  Path tmp;

  @Test
  void two_pages_with_the_whole_link_show_each_other_verified_with_the_same_safety_code() {
    String room = newRoomUrl();
    try (RoomPage alice = RoomPage.open(browser, room, "Alice");
         RoomPage bob = RoomPage.open(browser, room, "Bob")) {
      alice.shouldSeeConnected("Bob");
      bob.shouldSeeConnected("Alice");
      assertThat(alice.avatarOf("Bob")).hasAccessibleName("Bob, connected, verified");

      String seenByAlice = alice.safetyCodeOf("Bob");
      String seenByBob = bob.safetyCodeOf("Alice");
      assertThat(seenByAlice).isEqualTo(seenByBob);
      // Each page shows the other's device id, and they differ (two profiles, two keys).
      String bobsDevice = alice.openDetailsOf("Bob").locator(".device-id").textContent();
      String alicesDevice = bob.openDetailsOf("Alice").locator(".device-id").textContent();
      assertThat(bobsDevice).matches("[A-Za-z0-9_-]{22}").isNotEqualTo(alicesDevice);
    }
  }

  @Test
  void a_trusted_devices_files_come_in_without_a_prompt_after_a_reload_but_another_bob_is_asked_about()
      throws IOException {
    Path file = Files.writeString(tmp.resolve("hello.txt"), "from Bob's own laptop", StandardCharsets.UTF_8);
    String room = newRoomUrl();
    try (RoomPage alice = RoomPage.open(browser, room, "Alice")) {
      try (RoomPage bob = RoomPage.open(browser, room, "Bob")) {
        alice.shouldSeeConnected("Bob");
        Locator details = alice.openDetailsOf("Bob");
        details.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Trust this device")).click();
        Locator autoAccept = details.getByLabel("Accept files from this device automatically");
        assertThat(autoAccept).not().isChecked();
        autoAccept.check();
        assertThat(alice.avatarOf("Bob")).hasAccessibleName("Bob, connected, verified, trusted device");

        alice.page().reload();
        bob.page().reload();
        alice.shouldSeeConnected("Bob");
        assertThat(alice.avatarOf("Bob")).hasAccessibleName("Bob, connected, verified, trusted device",
            new LocatorAssertions.HasAccessibleNameOptions().setTimeout(20_000));

        Download download = alice.page().waitForDownload(
            new Page.WaitForDownloadOptions().setTimeout(30_000), () -> bob.dropFilesOn("Alice", file));
        Path saved = tmp.resolve("in-" + download.suggestedFilename());
        download.saveAs(saved);
        assertThat(Files.readString(saved)).isEqualTo("from Bob's own laptop");
        assertThat(alice.transfer("hello.txt")).containsText("verified");
        assertThat(alice.offerFrom("Bob")).hasCount(0);
      }

      // Another browser profile, another device key, the same display name.
      try (RoomPage otherBob = RoomPage.open(browser, room, "Bob")) {
        alice.shouldSeeConnected("Bob");
        assertThat(alice.avatarOf("Bob")).hasAccessibleName(
            "Bob, connected, verified, not the device you trusted as Bob");
        Locator details = alice.openDetailsOf("Bob");
        assertThat(details).containsText("Not the device you trusted as Bob.");
        assertThat(details.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Trust this device")))
            .isVisible();

        otherBob.dropFilesOn("Alice", file);
        assertThat(alice.offerFrom("Bob")).containsText("hello.txt");
        assertThat(alice.offerFrom("Bob").getByRole(AriaRole.BUTTON,
            new Locator.GetByRoleOptions().setName(Pattern.compile("^Accept$")))).isVisible();
      }
    }
  }
}
