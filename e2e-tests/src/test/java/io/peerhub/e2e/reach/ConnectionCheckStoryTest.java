package io.peerhub.e2e.reach;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import io.peerhub.e2e.BrowserStory;
import io.peerhub.e2e.RoomPage;
import io.peerhub.server.PeerhubServer;
import io.peerhub.server.ServerConfig;
import io.peerhub.server.TurnConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The room page's connection check against a real coturn on this host, and pages that may only
 * use the relay ({@link RelayOnly}): with a good credential they connect through it and say
 * "relayed"; with one coturn refuses, the check and both avatars say so in words. Each hub mints
 * every peer's credential ({@code --turn-secret}): {@code good} with coturn's secret, {@code bad}
 * with another one.
 */
class ConnectionCheckStoryTest extends BrowserStory {

    static LoopbackTurn turn;
    /** Mints credentials coturn accepts. */
    static PeerhubServer good;
    /** Mints them with another secret. */
    static PeerhubServer bad;

    static final LocatorAssertions.ContainsTextOptions CHECK =
            new LocatorAssertions.ContainsTextOptions().setTimeout(20_000);

    @BeforeAll
    static void startRelay() throws Exception {
        turn = LoopbackTurn.start(Path.of("target", "reach-path", "coturn-" + ProcessHandle.current().pid()));
        good = PeerhubServer.start(ServerConfig.loopback()
                .withTurn(new TurnConfig(turn.secret(), List.of(turn.url()), Duration.ofHours(1))));
        bad = PeerhubServer.start(ServerConfig.loopback()
                .withTurn(new TurnConfig(turn.secret() + "-another", List.of(turn.url()), Duration.ofHours(1))));
    }

    @AfterAll
    static void stopRelay() {
        try {
            if (good != null) {
                good.close();
            }
            if (bad != null) {
                bad.close();
            }
        } finally {
            if (turn != null) {
                turn.close();
            }
        }
    }

    static Locator runCheck(RoomPage page) {
        page.page().getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Check connection").setExact(true)).click();
        return page.page().getByRole(AriaRole.STATUS, new Page.GetByRoleOptions().setName("Connection check result"));
    }

    @Test
    void the_check_on_a_hub_without_stun_or_turn_says_so_in_words() {
        try (RoomPage alice = RoomPage.open(browser, newRoomUrl(), "Alice")) {
            Locator result = runCheck(alice);

            assertThat(result).containsText("This hub has no STUN or TURN servers configured", CHECK);
            assertThat(result).containsText("nothing can relay for them");
        }
    }

    @Test
    void the_check_says_a_relay_was_allocated_with_a_credential_the_relay_accepts() {
        try (RoomPage alice = RoomPage.open(browser, roomUrl(good), "Alice")) {
            Locator result = runCheck(alice);

            // Playwright hands the pattern to JavaScript's RegExp, which knows no \Q…\E: dots escaped by hand.
            assertThat(result).containsText(Pattern.compile(
                    turn.url().replace(".", "\\.") + ": relay allocated at 127\\.0\\.0\\.1:\\d+\\."), CHECK);
            assertThat(result).containsText("A relay was allocated: peers with no direct path can connect through it.");
        }
    }

    @Test
    void the_check_says_the_relay_refused_the_credentials_when_it_did() {
        try (RoomPage alice = RoomPage.open(browser, roomUrl(bad), "Alice")) {
            Locator result = runCheck(alice);

            assertThat(result).containsText(turn.url() + ": the relay refused the credentials (401).", CHECK);
            assertThat(result).containsText("No relay could be allocated: peers with no direct path cannot connect.");
        }
    }

    @Test
    void pages_that_may_only_use_the_relay_connect_through_it_and_say_relayed() {
        String room = roomUrl(good);
        try (RoomPage alice = RoomPage.openIn(RelayOnly.context(browser), room, "Alice");
             RoomPage bob = RoomPage.openIn(RelayOnly.context(browser), room, "Bob")) {
            alice.shouldSeeConnected("Bob");
            bob.shouldSeeConnected("Alice");

            Pattern relayed = Pattern.compile("^relayed via 127\\.0\\.0\\.1:\\d+ · (<1|\\d+) ms round trip$");
            assertThat(alice.avatarOf("Bob")).hasAccessibleDescription(relayed);
            assertThat(bob.avatarOf("Alice")).hasAccessibleDescription(relayed);
            Locator details = alice.openDetailsOf("Bob");
            assertThat(details).containsText("Routerelayed");
            assertThat(details).containsText("This devicerelay (an address on a relay)");
            assertThat(details).containsText(Pattern.compile("Relay127\\.0\\.0\\.1:\\d+"));

            alice.say("through the relay");
            assertThat(bob.chatEntry("Alice", "through the relay")).hasCount(1);
        }
    }

    @Test
    void pages_whose_credentials_the_relay_refuses_both_say_so_instead_of_connecting() {
        String room = roomUrl(bad);
        try (RoomPage alice = RoomPage.openIn(RelayOnly.context(browser), room, "Alice");
             RoomPage bob = RoomPage.openIn(RelayOnly.context(browser), room, "Bob")) {
            LocatorAssertions.HasAccessibleNameOptions deadline =
                    new LocatorAssertions.HasAccessibleNameOptions().setTimeout(30_000);

            assertThat(alice.avatarOf("Bob")).hasAccessibleName(
                    "Bob, could not connect: the relay refused the credentials", deadline);
            assertThat(bob.avatarOf("Alice")).hasAccessibleName(
                    "Alice, could not connect: the relay refused the credentials", deadline);
        }
    }
}
