package io.peerhub.e2e.app;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.peerhub.e2e.BrowserStory;
import io.peerhub.e2e.Chromium;
import io.peerhub.e2e.RoomPage;
import io.peerhub.server.PeerhubServer;
import io.peerhub.server.ServerConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Peerhub as an app a person keeps (issue 17): Chromium finds it installable, and a room page
 * visited before opens without the server as a plain offline page, at the room's own link, that
 * becomes the room again once the server is back. The worker keeps the app's code, never a room.
 */
class InstallableAppStoryTest extends BrowserStory {

  @TempDir
  Path profile;

  @Test
  void chromium_finds_the_app_installable_and_a_visited_room_opens_offline_then_comes_back() {
    int port = server.port();
    String room = newRoomUrl();
    String roomId = URI.create(room).getPath().substring("/r/".length());
    // A profile on disk: Chromium never offers to install from an off-the-record one.
    BrowserContext context = Chromium.launchPersistent(playwright, profile);
    try (RoomPage alice = RoomPage.openIn(context, room, "Alice")) {
      Page page = alice.page();
      await().atMost(Duration.ofSeconds(20)).until(() ->
          (Boolean) page.evaluate("navigator.serviceWorker.controller !== null"));

      CDPSession devtools = context.newCDPSession(page);
      JsonObject manifest = devtools.send("Page.getAppManifest");
      assertThat(manifest.getAsJsonArray("errors")).as("manifest errors").isEmpty();
      // What Chromium checks before it offers to install: the manifest, its icons, the worker.
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
          assertThat(installabilityErrors(devtools)).as("installability errors").isEmpty());

      @SuppressWarnings("unchecked")
      List<String> cached = (List<String>) page.evaluate("""
          async () => {
            const kept = [];
            for (const name of await caches.keys()) {
              for (const request of await (await caches.open(name)).keys()) {
                const url = new URL(request.url);
                kept.push(url.pathname + url.search);
              }
            }
            return kept;
          }""");
      assertThat(cached).contains("/offline.html", "/manifest.webmanifest")
          .allSatisfy(path -> assertThat(path).matches("/(assets/[A-Za-z0-9._-]+|icons/[a-z0-9-]+\\.png|manifest\\.webmanifest|offline\\.html)"))
          .noneMatch(path -> path.contains(roomId));

      server.close();
      page.reload();
      assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("You are offline"))).isVisible();
      assertThat(page.getByRole(AriaRole.STATUS)).containsText("Still offline");
      assertThat(page).hasURL(room);

      server = PeerhubServer.start(ServerConfig.loopback().withPort(port));
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Try again")).click();
      await().atMost(Duration.ofSeconds(20)).until(() ->
          "connected".equals(page.evaluate("document.body.dataset.signaling")));
      assertThat(page).hasURL(room);
    } finally {
      context.close();
    }
  }

  private static List<String> installabilityErrors(CDPSession devtools) {
    JsonArray errors = devtools.send("Page.getInstallabilityErrors").getAsJsonArray("installabilityErrors");
    List<String> ids = new ArrayList<>();
    for (JsonElement error : errors) ids.add(error.getAsJsonObject().get("errorId").getAsString());
    return ids;
  }
}
