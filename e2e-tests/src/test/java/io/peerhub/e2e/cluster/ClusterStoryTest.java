package io.peerhub.e2e.cluster;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Playwright;
import io.peerhub.e2e.Chromium;
import io.peerhub.e2e.RoomPage;
import io.peerhub.protocol.trust.RoomKey;
import io.peerhub.testkit.ServerProcess;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Users in one room whose pages were served by two different server nodes: they meet and chat as
 * on one server, and keep chatting while a node dies and while Redis restarts.
 */
class ClusterStoryTest {

  static Playwright playwright;
  static Browser browser;
  ClusterStage stage;

  @BeforeAll
  static void startBrowser() {
    playwright = Chromium.playwright();
    browser = Chromium.launch(playwright);
  }

  @AfterAll
  static void stopBrowser() {
    try {
      browser.close();
    } finally {
      playwright.close();
    }
  }

  @BeforeEach
  void startCluster() {
    stage = new ClusterStage();
  }

  @AfterEach
  void stopCluster() {
    stage.close();
  }

  private static String signalingState(RoomPage page) {
    return String.valueOf(page.page().evaluate("document.body.dataset.signaling"));
  }

  @Test
  void two_pages_served_by_two_nodes_meet_and_chat() {
    ServerProcess a = stage.node("a");
    ServerProcess b = stage.node("b");
    RoomKey room = RoomKey.generate();
    try (RoomPage alice = RoomPage.open(browser, a.roomUrl(room), "Alice");
         RoomPage bob = RoomPage.open(browser, b.roomUrl(room), "Bob")) {
      alice.shouldSeeConnected("Bob");
      bob.shouldSeeConnected("Alice");
      alice.say("hello from node a");
      assertThat(bob.chatEntry("Alice", "hello from node a")).hasCount(1);
      bob.say("hello from node b");
      assertThat(alice.chatEntry("Bob", "hello from node b")).hasCount(1);
    }
  }

  @Test
  void the_chat_stays_open_through_a_node_kill_and_a_redis_restart_and_signaling_comes_back() throws Exception {
    ServerProcess a = stage.node("a");
    ServerProcess b = stage.node("b");
    stage.awaitFormed(a, b);
    RoomKey room = RoomKey.generate();
    try (RoomPage alice = RoomPage.open(browser, a.roomUrl(room), "Alice");
         RoomPage bob = RoomPage.open(browser, b.roomUrl(room), "Bob")) {
      alice.shouldSeeConnected("Bob");
      bob.shouldSeeConnected("Alice");

      a.kill(); // Alice's node
      alice.say("my server just died");
      assertThat(bob.chatEntry("Alice", "my server just died")).hasCount(1);
      // Alice's page tries the other node it was told about, and resumes there with the same peer.
      await().atMost(Duration.ofSeconds(20)).until(() -> "connected".equals(signalingState(alice)));
      bob.say("still with you");
      assertThat(alice.chatEntry("Bob", "still with you")).hasCount(1);
      // Past the presence TTL: had Alice's peer been lost, Bob would have seen her leave by now.
      await().during(ClusterStage.PRESENCE_TTL.multipliedBy(2)).atMost(ClusterStage.PRESENCE_TTL.multipliedBy(3))
          .until(() -> bob.avatarOf("Alice").count() == 1);
      bob.shouldSeeConnected("Alice");

      stage.stopRedis();
      await().atMost(Duration.ofSeconds(10)).until(() -> b.status("/readyz") == 503);
      alice.say("redis is gone");
      assertThat(bob.chatEntry("Alice", "redis is gone")).hasCount(1);
      stage.startRedis();
      await().atMost(Duration.ofSeconds(10)).until(() -> b.status("/readyz") == 200);
      bob.say("and back");
      assertThat(alice.chatEntry("Bob", "and back")).hasCount(1);
      alice.shouldSeeConnected("Bob");
      bob.shouldSeeConnected("Alice");
      await().during(ClusterStage.PRESENCE_TTL).atMost(ClusterStage.PRESENCE_TTL.multipliedBy(2))
          .until(() -> "connected".equals(signalingState(alice)) && "connected".equals(signalingState(bob))
              && bob.avatarOf("Alice").count() == 1 && alice.avatarOf("Bob").count() == 1);
    }
  }
}
