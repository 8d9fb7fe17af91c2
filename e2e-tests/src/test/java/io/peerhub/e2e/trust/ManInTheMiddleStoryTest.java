package io.peerhub.e2e.trust;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Locator;
import io.peerhub.e2e.BrowserStory;
import io.peerhub.e2e.RoomPage;
import io.peerhub.e2e.trust.Wiretap.Tapped;
import io.peerhub.protocol.trust.RoomKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A hostile signaling operator stands in the middle (issue 9, "Show"; docs/protocol.md
 * "Verifying a peer"): {@link MitmRelay} serves the pages and relays signaling, but terminates
 * each page's peer connection with its own and forwards, and reads, what passes between them.
 */
class ManInTheMiddleStoryTest extends BrowserStory {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long "never arrives" is watched for: several round trips through the relay. */
    private static final Duration NOTHING_FOR = Duration.ofSeconds(3);

    private MitmRelay relay;

    @BeforeEach
    void startRelay() {
        relay = MitmRelay.start(server.baseUrl());
    }

    @AfterEach
    void stopRelay() {
        if (relay != null) {
            relay.close();
        }
    }

    @Test
    void through_a_relay_that_terminates_both_connections_the_pages_show_each_other_not_verified_and_exchange_nothing_after_hello() {
        String link = RoomKey.generate().link(relay.baseUrl());
        try (RoomPage alice = RoomPage.open(browser, link, "Alice");
             RoomPage bob = RoomPage.open(browser, link, "Bob")) {
            // The relay really is in the middle: it terminated both connections and read each hello.
            // (Four libwebrtc connections and two pages on 2 cores: seen past 20 s under a load of 16.)
            await().atMost(Duration.ofSeconds(60)).until(() -> helloSenders().size() == 2);

            alice.shouldSeeNotVerified("Bob");
            bob.shouldSeeNotVerified("Alice");

            sendChat(alice, "the meeting moved to 3pm");
            alice.dropMadeUpFilesOn("Bob", Map.of("plans.txt", "the secret plans"));
            alice.typeInDocument("notes nobody else may read", false);

            await().during(NOTHING_FOR).atMost(NOTHING_FOR.plusSeconds(5)).untilAsserted(() -> {
                assertThat(bob.chatEntry("Alice", "the meeting moved to 3pm")).hasCount(0);
                assertThat(bob.offerFrom("Alice")).hasCount(0);
                assertThat(bob.documentText()).doesNotContain("notes nobody else may read");
                // The hello and nothing after it: no chat, file or document byte crossed the relay.
                assertThat(relay.wiretap().all()).allSatisfy(tapped -> {
                    assertThat(tapped.label()).isEqualTo("peerhub");
                    assertThat(typeOf(tapped)).isEqualTo("hello");
                });
            });
            assertThat(relay.wiretap().all()).noneMatch(Tapped::binary);
            assertThat(relay.wiretap().containing("the meeting moved to 3pm")).isEmpty();
            assertThat(relay.wiretap().containing("the secret plans")).isEmpty();
        }
    }

    /** The peers whose hello the relay read on the control channel. */
    private List<String> helloSenders() {
        return relay.wiretap().all().stream()
                .filter(t -> t.label().equals("peerhub") && "hello".equals(typeOf(t)))
                .map(Tapped::from)
                .distinct()
                .toList();
    }

    private static String typeOf(Tapped tapped) {
        if (tapped.text() == null) {
            return null;
        }
        try {
            return JSON.readTree(tapped.text()).path("type").asText(null);
        } catch (Exception e) {
            return null;
        }
    }

    /**
     * Types and sends a chat message without RoomPage.say's check that the box empties: with no
     * verified peer the page may keep or refuse it, and what matters here is only that it never
     * reaches the other side.
     */
    private static void sendChat(RoomPage page, String text) {
        Locator message = page.page().getByLabel("Message", new com.microsoft.playwright.Page.GetByLabelOptions().setExact(true));
        message.fill(text);
        message.press("Enter");
    }
}
