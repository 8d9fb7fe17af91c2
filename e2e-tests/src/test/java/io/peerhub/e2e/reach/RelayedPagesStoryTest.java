package io.peerhub.e2e.reach;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.assertions.LocatorAssertions;
import io.peerhub.e2e.RoomPage;
import io.peerhub.server.PeerhubServer;
import io.peerhub.testkit.TestFiles;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two people on networks that cannot reach each other, in browsers: the relay carries them. */
class RelayedPagesStoryTest extends ReachStage {

    private static final long MIB = 1024 * 1024;
    private static final LocatorAssertions.ContainsTextOptions LONG =
            new LocatorAssertions.ContainsTextOptions().setTimeout(120_000);

    @TempDir
    Path tmp;

    @Test
    void two_pages_that_cannot_reach_each_other_connect_through_the_relay_chat_and_send_32_MiB_verified() {
        Path file = TestFiles.randomFile(tmp.resolve("out/relayed.bin"), 32 * MIB, 32);
        String room = newRoomUrl();
        try (RoomPage alice = openOn(A, room, "Alice");
             RoomPage bob = openOn(B, room, "Bob")) {
            alice.shouldSeeConnected("Bob");
            bob.shouldSeeConnected("Alice");
            shouldBeRelayed(alice, "Bob");
            shouldBeRelayed(bob, "Alice");
            Locator details = alice.openDetailsOf("Bob");
            assertThat(details).containsText("Routerelayed");
            assertThat(details).containsText(Pattern.compile("Relay" + coturn.address().replace(".", "\\.") + ":\\d+"));

            alice.say("over the relay?");
            assertThat(bob.chatEntry("Alice", "over the relay?")).hasCount(1);
            bob.say("over the relay.");
            assertThat(alice.chatEntry("Bob", "over the relay.")).hasCount(1);

            alice.dropFilesOn("Bob", file);
            assertThat(bob.offerFrom("Alice")).containsText("relayed.bin");
            Download download = bob.acceptAndDownload("Alice", 120_000);
            Path saved = tmp.resolve("in/" + download.suggestedFilename());
            download.saveAs(saved);

            assertThat(TestFiles.sha256(saved)).isEqualTo(TestFiles.sha256(file));
            assertThat(bob.transfer("relayed.bin")).containsText("verified", LONG);
            assertThat(alice.transfer("relayed.bin")).containsText("verified", LONG);
            // The file went out over the relayed pair itself, not over some other path found later.
            // (Chromium counts a pair's bytes in the direction it sends: each side sends to the
            // other's relay address, so the receiver's bytes arrive on a pair it did not select.)
            Map<String, Object> alicesPair = shouldBeRelayed(alice, "Bob");
            assertThat(((Number) alicesPair.get("bytesSent")).longValue()).isGreaterThan(32 * MIB);
            assertThat(RtcHook.candidateErrors(alice.page())).noneMatch(e -> Integer.valueOf(401).equals(
                    ((Number) e.get("errorCode")).intValue()));
        }
    }

    @Test
    void without_a_relay_the_two_test_hosts_never_connect() {
        assumeTrue(mode == ReachMode.TEST_HOSTS,
                "on one host only the relay policy keeps peers apart, and without a relay it gathers nothing");
        PeerhubServer relayless = startServer(hubConfig());
        String room = newRoomUrl(relayless);
        try (RoomPage alice = openOn(A, room, "Alice");
             RoomPage bob = openOn(B, room, "Bob")) {
            // Both gather a host candidate (their own address) and check it against the other's:
            // with no path between the hosts every check fails, and the pages say why.
            String why = "could not connect: no direct path, and this hub has no relay configured";
            assertThat(alice.avatarOf("Bob")).hasAccessibleName("Bob, " + why, GIVING_UP);
            assertThat(bob.avatarOf("Alice")).hasAccessibleName("Alice, " + why, GIVING_UP);
            assertThat(RtcHook.gatheredCandidates(alice.page())).extracting(c -> c.get("type")).containsOnly("host");
            assertThat(RtcHook.states(bob.page())).extracting(st -> st.get("connectionState")).doesNotContain("connected");
        }
    }
}
