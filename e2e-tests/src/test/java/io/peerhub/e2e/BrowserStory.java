package io.peerhub.e2e;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Playwright;
import io.peerhub.protocol.trust.RoomKey;
import io.peerhub.server.PeerhubServer;
import io.peerhub.server.ServerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Shared stage for browser stories: one real server and one Chromium per test class (starting
 * Playwright costs ~1.5 s), and a fresh room and browser profiles per test. Stories in other
 * packages extend it too.
 */
public abstract class BrowserStory {

  protected static PeerhubServer server;
  protected static Playwright playwright;
  protected static Browser browser;

  @BeforeAll
  protected static void startStage() {
    server = PeerhubServer.start(ServerConfig.loopback());
    playwright = Chromium.playwright();
    browser = Chromium.launch(playwright);
  }

  @AfterAll
  protected static void stopStage() {
    try {
      if (browser != null) {
        browser.close();
      }
    } finally {
      try {
        if (playwright != null) {
          playwright.close();
        }
      } finally {
        if (server != null) {
          server.close();
        }
      }
    }
  }

  protected static String newRoomUrl() {
    return roomUrl(server);
  }

  /** A new room's whole link on {@code on}, its key after the #, as a person would share it. */
  protected static String roomUrl(PeerhubServer on) {
    return RoomKey.generate().link(on.baseUrl());
  }
}
