package io.peerhub.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.peerhub.server.PeerhubServer;
import io.peerhub.server.ServerConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The signaling server only brokers handshakes: when it goes away, peers that are already
 * connected keep talking, and the pages find their way back when it returns.
 */
class SignalingOutageStoryTest extends BrowserStory {

  @Test
  void chat_keeps_flowing_while_the_signaling_server_is_down_and_pages_rejoin_when_it_returns() {
    int port = server.port();
    String room = newRoomUrl();
    try (RoomPage alice = RoomPage.open(browser, room, "Alice");
         RoomPage bob = RoomPage.open(browser, room, "Bob")) {
      alice.shouldSeeConnected("Bob");
      bob.shouldSeeConnected("Alice");

      server.close();
      await().atMost(Duration.ofSeconds(10)).until(() ->
          "reconnecting".equals(alice.page().evaluate("document.body.dataset.signaling"))
              && "reconnecting".equals(bob.page().evaluate("document.body.dataset.signaling")));

      alice.say("still here without the server");
      assertThat(bob.chatEntry("Alice", "still here without the server")).hasCount(1);
      bob.say("me too");
      assertThat(alice.chatEntry("Bob", "me too")).hasCount(1);

      server = PeerhubServer.start(ServerConfig.loopback().withPort(port));

      await().atMost(Duration.ofSeconds(30)).until(() ->
          "connected".equals(alice.page().evaluate("document.body.dataset.signaling"))
              && "connected".equals(bob.page().evaluate("document.body.dataset.signaling")));
      alice.shouldSeeConnected("Bob");
      bob.shouldSeeConnected("Alice");
      alice.say("and after it came back");
      assertThat(bob.chatEntry("Alice", "and after it came back")).hasCount(1);
    }
  }

}
