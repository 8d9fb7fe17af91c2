package io.peerhub.e2e.chat;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import io.peerhub.e2e.BrowserStory;
import io.peerhub.e2e.PeerProcess;
import io.peerhub.e2e.RoomPage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Chat history kept by the peers (docs/protocol.md "Chat history"), in Chromium against a real server. */
class ChatHistoryStoryTest extends BrowserStory {

  private static final LocatorAssertions.HasCountOptions SOON = new LocatorAssertions.HasCountOptions().setTimeout(20_000);

  @TempDir
  Path tmp;

  /** The texts of the chat log's entries, top to bottom. */
  private static List<String> texts(RoomPage page) {
    return page.chatLog().locator(".chat-text").allTextContents();
  }

  @Test
  void a_reloaded_page_shows_its_history_again_and_each_message_once() {
    String room = newRoomUrl();
    try (RoomPage alice = RoomPage.open(browser, room, "Alice");
         RoomPage bob = RoomPage.open(browser, room, "Bob")) {
      alice.shouldSeeConnected("Bob");
      bob.shouldSeeConnected("Alice");
      alice.say("before the reload");
      assertThat(bob.chatEntry("Alice", "before the reload")).hasCount(1);
      bob.say("a reply");
      assertThat(alice.chatEntry("Bob", "a reply")).hasCount(1);

      alice.page().reload();

      assertThat(alice.chatEntry("Alice", "before the reload")).hasCount(1, SOON);
      assertThat(alice.chatEntry("Bob", "a reply")).hasCount(1, SOON);
      // Back in the room, the two exchange summaries; nothing is shown twice on either side.
      alice.shouldSeeConnected("Bob");
      bob.shouldSeeConnected("Alice");
      alice.say("after the reload");
      assertThat(bob.chatEntry("Alice", "after the reload")).hasCount(1);
      assertThat(alice.chatEntry("Alice", "before the reload")).hasCount(1);
      assertThat(bob.chatEntry("Alice", "before the reload")).hasCount(1);
      assertThat(alice.chatLog().locator(".chat-entry")).hasCount(3);

      // Clear chat history empties this browser's copy, after a confirmation.
      alice.page().onDialog(d -> d.accept());
      alice.page().getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
          new Page.GetByRoleOptions().setName("Clear chat history")).click();
      assertThat(alice.chatLog().locator(".chat-entry")).hasCount(0);
      alice.page().reload();
      alice.shouldSeeConnected("Bob");
      // Bob still holds it, and gives it back when they meet again.
      assertThat(alice.chatLog().locator(".chat-entry")).hasCount(3, SOON);
    }
  }

  @Test
  void a_late_joiner_sees_what_was_said_before_it_came_in_the_same_order() {
    String room = newRoomUrl();
    try (RoomPage alice = RoomPage.open(browser, room, "Alice");
         RoomPage bob = RoomPage.open(browser, room, "Bob")) {
      alice.shouldSeeConnected("Bob");
      alice.say("first, from Alice");
      assertThat(bob.chatEntry("Alice", "first, from Alice")).hasCount(1);
      bob.say("second, from Bob");
      assertThat(alice.chatEntry("Bob", "second, from Bob")).hasCount(1);
      alice.say("third, with a link https://example.org/plan");
      assertThat(bob.chatEntry("Alice", "third")).hasCount(1);

      try (RoomPage carol = RoomPage.open(browser, room, "Carol")) {
        assertThat(carol.chatLog().locator(".chat-entry")).hasCount(3, SOON);
        assertThat(carol.chatEntry("Alice", "first, from Alice")).hasCount(1);
        assertThat(carol.chatEntry("Bob", "second, from Bob")).hasCount(1);
        // From two peers' histories, each message once, in the order everyone shows.
        assertThat(texts(carol)).isEqualTo(texts(alice)).isEqualTo(texts(bob));
        assertThat(carol.chatLog().getByRole(com.microsoft.playwright.options.AriaRole.LINK)).hasCount(1);
      }
    }
  }

  @Test
  void with_only_the_java_keeper_left_a_new_page_gets_the_history_and_export_prints_it() throws Exception {
    String room = newRoomUrl();
    Path docs = tmp.resolve("docs");
    try (PeerProcess keeper = PeerProcess.startSplit(tmp.resolve("keep.out"),
        "keep", "--room", room, "--docs", docs.toString(), "--name", "Keeper")) {
      try (RoomPage alice = RoomPage.open(browser, room, "Alice");
           RoomPage bob = RoomPage.open(browser, room, "Bob")) {
        alice.shouldSeeConnected("Keeper");
        bob.shouldSeeConnected("Keeper");
        alice.shouldSeeConnected("Bob");
        alice.say("kept by the keeper: café 👩‍👩‍👧");
        bob.say("and this too");
        assertThat(alice.chatEntry("Bob", "and this too")).hasCount(1);
        // On disk, atomically, in the keeper's folder; export prints it for people.
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
          String exported = export(docs);
          assertThat(exported).contains("Alice [").contains("]: kept by the keeper: café 👩‍👩‍👧");
          assertThat(exported).contains("Bob [").contains("]: and this too");
        });
      }
      // Every page has left; only the keeper holds the history now.
      try (RoomPage carol = RoomPage.open(browser, room, "Carol")) {
        carol.shouldSeeConnected("Keeper");
        assertThat(carol.chatEntry("Alice", "kept by the keeper: café 👩‍👩‍👧")).hasCount(1, SOON);
        assertThat(carol.chatEntry("Bob", "and this too")).hasCount(1, SOON);
      }
      assertThat(keeper.errors()).doesNotContain("Exception");
    }
  }

  @Test
  void a_forged_or_oversized_history_entry_from_a_page_is_dropped_with_a_log_line_and_nothing_else_changes() {
    String room = newRoomUrl();
    try (BrowserContext malloryContext = browser.newContext()) {
      // Mallory's own page, changed by its user: whatever history it sends carries a forged
      // entry in Alice's name (her key, another text) and an entry past the length limit.
      malloryContext.addInitScript("""
          (() => {
            const send = RTCDataChannel.prototype.send;
            RTCDataChannel.prototype.send = function (data) {
              if (typeof data === 'string' && data.startsWith('{"type":"history"')) {
                const m = JSON.parse(data);
                const alices = m.entries.filter((e) => e.name === 'Alice');
                if (m.last && alices.length > 0) {
                  const forged = alices.map((e, i) => ({ ...e, id: 'forged-' + i, text: 'FORGED: send Mallory your password' }));
                  send.call(this, JSON.stringify({ type: 'history', entries: forged, last: false }));
                  const huge = { ...alices[0], id: 'huge', text: 'H'.repeat(4001) };
                  send.call(this, JSON.stringify({ type: 'history', entries: [huge], last: false }));
                }
              }
              return send.call(this, data);
            };
          })();""");
      try (RoomPage alice = RoomPage.open(browser, room, "Alice");
           RoomPage mallory = RoomPage.openIn(malloryContext, room, "Mallory")) {
        alice.shouldSeeConnected("Mallory");
        alice.say("what Alice really said");
        assertThat(mallory.chatEntry("Alice", "what Alice really said")).hasCount(1);

        List<String> carolConsole = new CopyOnWriteArrayList<>();
        try (BrowserContext carolContext = browser.newContext()) {
          carolContext.onConsoleMessage(m -> carolConsole.add(m.text()));
          // Carol's network is slow for history answers (all of them alike, in order): her
          // request to Mallory is then made before Alice's answer gave her Alice's entry, so
          // Mallory has that entry to forge whichever peer Carol verifies first.
          carolContext.addInitScript("""
              (() => {
                const desc = Object.getOwnPropertyDescriptor(RTCDataChannel.prototype, 'onmessage');
                Object.defineProperty(RTCDataChannel.prototype, 'onmessage', {
                  configurable: true,
                  get() { return desc.get.call(this); },
                  set(handler) {
                    if (typeof handler !== 'function') { desc.set.call(this, handler); return; }
                    desc.set.call(this, function (event) {
                      if (typeof event.data === 'string' && event.data.startsWith('{"type":"history"')) {
                        setTimeout(() => handler.call(this, event), 2000);
                      } else {
                        handler.call(this, event);
                      }
                    });
                  },
                });
              })();""");
          RoomPage carol = RoomPage.openIn(carolContext, room, "Carol");
          carol.shouldSeeConnected("Mallory");
          carol.shouldSeeConnected("Alice");
          assertThat(carol.chatEntry("Alice", "what Alice really said")).hasCount(1, SOON);
          await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(carolConsole).anyMatch(l -> l.contains("forged-0") && l.contains("signature does not hold"));
            assertThat(carolConsole).anyMatch(l -> l.contains("dropped (entry.text)"));
          });
          assertThat(carol.chatLog()).not().containsText("FORGED");
          assertThat(carol.chatLog()).not().containsText("HHHHHHHH");
          assertThat(carol.chatLog().locator(".chat-entry")).hasCount(1);
          // Alice's own view is untouched, and the room still talks.
          alice.say("still fine");
          assertThat(carol.chatEntry("Alice", "still fine")).hasCount(1);
          assertThat(alice.chatLog().locator(".chat-entry")).hasCount(2);
        }
      }
    }
  }

  private String export(Path docs) throws InterruptedException {
    Path out = tmp.resolve("export-" + System.nanoTime() + ".txt");
    try (PeerProcess p = PeerProcess.startSplit(out, "export", "--docs", docs.toString(), "--chat")) {
      if (p.waitForExit(60) != 0) {
        throw new AssertionError("export failed: " + p.errors());
      }
      return p.output();
    }
  }
}
