package io.peerhub.e2e.trust;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.peerhub.testkit.TestFiles.randomFile;
import static io.peerhub.testkit.TestFiles.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.assertions.LocatorAssertions;
import io.peerhub.e2e.BrowserStory;
import io.peerhub.e2e.PeerProcess;
import io.peerhub.e2e.RoomPage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java drop and a browser verify each other both ways, and the drop's {@code --accept-from}
 * names devices, which must prove themselves, not display names, which anyone can take.
 */
class JavaPeerTrustStoryTest extends BrowserStory {

  private static final Pattern VERIFIED_ALICE = Pattern.compile("Alice \\([^)]+\\) is verified: device ([A-Za-z0-9_-]{22})");
  private static final LocatorAssertions.ContainsTextOptions LONG =
      new LocatorAssertions.ContainsTextOptions().setTimeout(60_000);

  @TempDir
  Path tmp;

  @Test
  void a_drop_accepts_the_device_it_was_given_and_refuses_another_browser_that_took_the_same_name() throws Exception {
    String room = newRoomUrl();
    try (RoomPage alice = RoomPage.open(browser, room, "Alice")) {
      String aliceDevice;
      // The drop verifies the browser (its log names the device Alice proved), the browser the drop.
      try (PeerProcess scout = drop(room, "scout", "Scout")) {
        alice.shouldSeeConnected("Scout");
        await().atMost(Duration.ofSeconds(30)).until(() -> VERIFIED_ALICE.matcher(scout.output()).find());
        Matcher m = VERIFIED_ALICE.matcher(scout.output());
        assertThat(m.find()).isTrue();
        aliceDevice = m.group(1);
      }

      Path inbox = tmp.resolve("guarded");
      try (PeerProcess guarded = drop(room, "guarded", "Guarded", "--accept-from", aliceDevice);
           RoomPage impostor = RoomPage.open(browser, room, "Alice")) {
        alice.shouldSeeConnected("Guarded");
        impostor.shouldSeeConnected("Guarded");

        Path mine = randomFile(tmp.resolve("out/mine.bin"), 1L << 20, 7);
        alice.dropFilesOn("Guarded", mine);
        assertThat(alice.transfer("mine.bin")).containsText("verified", LONG);
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(inbox.resolve("mine.bin")));
        assertThat(sha256(inbox.resolve("mine.bin"))).isEqualTo(sha256(mine));

        Path theirs = randomFile(tmp.resolve("out/theirs.bin"), 1L << 20, 8);
        impostor.dropFilesOn("Guarded", theirs);
        assertThat(impostor.transfer("theirs.bin")).containsText("refused: not allowed", LONG);
        assertThat(inbox.resolve("theirs.bin")).doesNotExist();
      }
    }
  }

  @Test
  void accept_from_refuses_a_display_name_where_a_device_id_belongs() throws Exception {
    PeerProcess drop = PeerProcess.start(tmp.resolve("named.log"), "drop", "--room", newRoomUrl(),
        "--dir", tmp.resolve("named").toString(), "--accept-from", "Alice");
    try (drop) {
      assertThat(drop.waitForExit(30)).isEqualTo(2);
      assertThat(drop.output()).contains("--accept-from takes device ids");
    }
  }

  private PeerProcess drop(String room, String dir, String name, String... more) {
    java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("drop", "--room", room,
        "--dir", tmp.resolve(dir).toString(), "--name", name));
    args.addAll(java.util.List.of(more));
    PeerProcess drop = PeerProcess.start(tmp.resolve(dir + ".log"), args.toArray(String[]::new));
    await().atMost(Duration.ofSeconds(30)).until(() -> drop.output().contains("joined room"));
    return drop;
  }
}
