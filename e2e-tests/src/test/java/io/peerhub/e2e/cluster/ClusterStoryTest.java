package io.peerhub.e2e.cluster;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.LocatorAssertions;
import io.peerhub.e2e.Chromium;
import io.peerhub.e2e.RoomPage;
import io.peerhub.protocol.trust.RoomKey;
import io.peerhub.testkit.ServerProcess;
import io.peerhub.testkit.TestFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Users in one room whose pages were served by two different server nodes: they meet and chat as
 * on one server, and keep chatting while a node dies and while Redis restarts.
 */
class ClusterStoryTest {

  static Playwright playwright;
  static Browser browser;
  ClusterStage stage;

  @TempDir
  Path tmp;

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

  /**
   * From now on the page keeps every toast it shows and every change of its signaling state with
   * the wall-clock time (the page and the test share the machine's clock). Toasts last 4.5 s, and
   * a "left" would be gone before a test looked; the record keeps it.
   */
  private static void record(RoomPage page) {
    page.page().evaluate("() => { const seen = window.__e2eSeen = { toasts: [], signaling: [] };"
        + " new MutationObserver(rs => rs.forEach(r => r.addedNodes.forEach(n => seen.toasts.push(n.textContent))))"
        + "   .observe(document.getElementById('toasts'), { childList: true });"
        + " new MutationObserver(() => seen.signaling.push({ state: document.body.dataset.signaling, at: Date.now() }))"
        + "   .observe(document.body, { attributes: true, attributeFilter: ['data-signaling'] }); }");
  }

  @SuppressWarnings("unchecked")
  private static List<String> toastsSeen(RoomPage page) {
    return (List<String>) page.page().evaluate("() => window.__e2eSeen.toasts");
  }

  /** When the page's signaling first said {@code state} at or after {@code sinceMillis}, or -1. */
  private static long signalingAt(RoomPage page, String state, long sinceMillis) {
    Object at = page.page().evaluate("([state, since]) => window.__e2eSeen.signaling"
        + ".find(s => s.state === state && s.at >= since)?.at ?? -1", List.of(state, (double) sinceMillis));
    return ((Number) at).longValue();
  }

  /** The percent a transfer's progressbar shows, 0 while it has none yet. */
  private static int percentDone(RoomPage page, String label) {
    if (page.progressOf(label).count() == 0) {
      return 0;
    }
    return Integer.parseInt(page.progressOf(label).getAttribute("aria-valuenow"));
  }

  /** The peer id behind the avatar of {@code name}: its path line is {@code peer-path-<id>}. */
  private static String peerIdOf(RoomPage page, String name) {
    return page.avatarOf(name).getAttribute("aria-describedby").replaceFirst("^peer-path-", "");
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

  @Test
  void a_file_in_flight_between_two_nodes_pages_finishes_when_the_senders_node_is_killed() {
    // 64 MiB take ~5 s page to page on this machine (FileTransferStoryTest sends the same size):
    // long enough that the kill lands mid-way, short enough for a story.
    long size = 64L << 20;
    Path file = TestFiles.randomFile(tmp.resolve("out/through-the-kill.bin"), size, 14);
    ServerProcess a = stage.node("a");
    ServerProcess b = stage.node("b");
    stage.awaitFormed(a, b);
    RoomKey room = RoomKey.generate();
    try (RoomPage alice = RoomPage.open(browser, a.roomUrl(room), "Alice");
         RoomPage bob = RoomPage.open(browser, b.roomUrl(room), "Bob")) {
      alice.shouldSeeConnected("Bob");
      bob.shouldSeeConnected("Alice");
      String aliceId = peerIdOf(bob, "Alice");
      String bobId = peerIdOf(alice, "Bob");
      record(alice);
      record(bob);

      alice.dropFilesOn("Bob", file);
      String[] atKill = new String[2];
      long[] killedAt = new long[1];
      Download download = bob.page().waitForDownload(new Page.WaitForDownloadOptions().setTimeout(60_000), () -> {
        bob.accept("Alice");
        // The first percent received: polled finely (an expect polls once a second after its
        // first two), so the kill lands early with most of the file still to come.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
            .until(() -> percentDone(bob, "through-the-kill.bin") >= 1);
        atKill[0] = String.valueOf(percentDone(bob, "through-the-kill.bin"));
        atKill[1] = bob.transfer("through-the-kill.bin").locator(".transfer-stats").textContent();
        killedAt[0] = System.currentTimeMillis();
        a.kill(); // Alice's node, mid-transfer
      });
      long completedAt = System.currentTimeMillis();

      Path saved = tmp.resolve("in/" + download.suggestedFilename());
      download.saveAs(saved);
      assertThat(download.suggestedFilename()).isEqualTo("through-the-kill.bin");
      assertThat(TestFiles.sha256(saved)).isEqualTo(TestFiles.sha256(file));
      assertThat(bob.transfer("through-the-kill.bin")).containsText("verified");
      assertThat(alice.transfer("through-the-kill.bin")).containsText("verified",
          new LocatorAssertions.ContainsTextOptions().setTimeout(20_000));

      // Node b is the only one left: connected again means re-homed there, and b counts it as a
      // resume of a peer from another node (a fresh join would have given Alice a new peer id).
      await().atMost(Duration.ofSeconds(20)).until(() -> "connected".equals(signalingState(alice)));
      long signalingBackAt = signalingAt(alice, "connected", killedAt[0]);
      assertThat(signalingBackAt).isGreaterThanOrEqualTo(killedAt[0]);
      assertThat(b.body("/metrics")).contains("peerhub_resumes_total{from=\"remote\"} 1.0", "peerhub_connections 2.0");
      // Past the presence TTL: had Alice's peer been lost, Bob would have seen her leave by now.
      await().during(ClusterStage.PRESENCE_TTL.multipliedBy(2)).atMost(ClusterStage.PRESENCE_TTL.multipliedBy(3))
          .until(() -> bob.avatarOf("Alice").count() == 1 && alice.avatarOf("Bob").count() == 1);
      bob.shouldSeeConnected("Alice");
      alice.shouldSeeConnected("Bob");
      assertThat(peerIdOf(bob, "Alice")).isEqualTo(aliceId);
      assertThat(peerIdOf(alice, "Bob")).isEqualTo(bobId);
      for (RoomPage page : List.of(alice, bob)) {
        assertThat(toastsSeen(page)).noneMatch(t -> t.endsWith(" left.") || t.startsWith("Reconnected as a new participant"));
      }

      assertThat(Integer.parseInt(atKill[0])).as("percent done at the kill").isLessThan(50);
      System.out.printf("FIGURE transfer through a node kill: file %d MiB, at the kill %s%% (%s),"
              + " kill to verified download %d ms, kill to signaling back on node b %d ms%n",
          size >> 20, atKill[0], atKill[1], completedAt - killedAt[0], signalingBackAt - killedAt[0]);
    }
  }
}
