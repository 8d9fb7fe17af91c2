package io.peerhub.e2e.reach;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.assertions.LocatorAssertions;
import io.peerhub.e2e.BrowserStory;
import io.peerhub.e2e.RoomPage;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Each avatar says how its connection runs, or why it could not connect (same host, hub without STUN/TURN). */
class ConnectionPathStoryTest extends BrowserStory {

    static final Pattern DIRECT = Pattern.compile("^direct · (<1|\\d+) ms round trip$");

    @Test
    void two_pages_on_one_host_connect_directly_and_each_avatar_says_so() {
        String room = newRoomUrl();
        try (RoomPage alice = RoomPage.open(browser, room, "Alice");
             RoomPage bob = RoomPage.open(browser, room, "Bob")) {
            alice.shouldSeeConnected("Bob");
            bob.shouldSeeConnected("Alice");

            assertThat(alice.avatarOf("Bob")).hasAccessibleDescription(DIRECT);
            assertThat(bob.avatarOf("Alice")).hasAccessibleDescription(DIRECT);
            // The accessible name the other stories match stays what it was.
            assertThat(alice.avatarOf("Bob")).hasAccessibleName("Bob, connected, verified");

            Locator details = alice.openDetailsOf("Bob");
            assertThat(details).containsText("Routedirect");
            assertThat(details).containsText("This devicehost (its own address)");
            assertThat(details).containsText("Other sidehost (its own address)");
            assertThat(details).containsText("Protocoludp");
            assertThat(details).not().containsText("Relay");
        }
    }

    @Test
    void two_pages_that_cannot_connect_say_why_instead_of_connecting() {
        // Relay candidates only, on a hub that has no relay: neither page gathers a single
        // candidate, so nothing can ever connect.
        String room = newRoomUrl();
        try (RoomPage alice = RoomPage.openIn(RelayOnly.context(browser), room, "Alice");
             RoomPage bob = RoomPage.openIn(RelayOnly.context(browser), room, "Bob")) {
            String why = "could not connect: no direct path, and this hub has no relay configured";
            LocatorAssertions.HasAccessibleNameOptions deadline =
                    new LocatorAssertions.HasAccessibleNameOptions().setTimeout(30_000);

            assertThat(alice.avatarOf("Bob")).hasAccessibleName("Bob, " + why, deadline);
            assertThat(bob.avatarOf("Alice")).hasAccessibleName("Alice, " + why, deadline);
            assertThat(alice.openDetailsOf("Bob")).containsText(
                    "Could not connect: no direct path, and this hub has no relay configured.");
        }
    }
}
