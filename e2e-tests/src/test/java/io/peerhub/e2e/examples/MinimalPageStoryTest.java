package io.peerhub.e2e.examples;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import io.peerhub.e2e.BrowserStory;
import io.peerhub.e2e.RoomPage;
import io.peerhub.server.AccessConfig;
import io.peerhub.server.PeerhubServer;
import io.peerhub.server.ServerConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** examples/minimal-page (signaling, mesh and chat alone) in a room with the full web client. */
class MinimalPageStoryTest extends BrowserStory {

    @Test
    void the_minimal_page_joins_a_room_and_chats_with_the_web_client() {
        try (MinimalPageServer vite = MinimalPageServer.start();
             // The page comes from Vite's origin: the hub lets it in as the README says, with --allowed-origin.
             PeerhubServer hub = PeerhubServer.start(ServerConfig.loopback()
                     .withAccess(AccessConfig.defaults().withAllowedOrigins(List.of(vite.origin()))));
             RoomPage alice = RoomPage.open(browser, roomUrl(hub), "Alice");
             BrowserContext context = browser.newContext()) {
            Page minimal = context.newPage();
            minimal.onConsoleMessage(m -> System.out.printf("[Minimal] console.%s %s%n", m.type(), m.text()));
            minimal.navigate(vite.pageFor(alice.page().url(), "Minimal"));

            alice.shouldSeeConnected("Minimal");
            assertThat(minimal.getByLabel("Peers")).containsText("Alice (connected, verified)");

            alice.say("hello, minimal page");
            assertThat(minimal.getByLabel("Chat")).containsText("Alice: hello, minimal page");

            minimal.getByLabel("Message").fill("hello, Alice");
            minimal.getByLabel("Message").press("Enter");
            assertThat(alice.chatEntry("Minimal", "hello, Alice")).hasCount(1);
        }
    }
}
