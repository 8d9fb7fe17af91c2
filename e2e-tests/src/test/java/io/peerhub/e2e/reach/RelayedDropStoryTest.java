package io.peerhub.e2e.reach;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.assertions.LocatorAssertions;
import io.peerhub.e2e.PeerProcess;
import io.peerhub.e2e.RoomPage;
import io.peerhub.testkit.TestFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A browser on one network and the Java peer on another that it cannot reach: the relay carries them. */
class RelayedDropStoryTest extends ReachStage {

    private static final long MIB = 1024 * 1024;
    private static final LocatorAssertions.ContainsTextOptions LONG =
            new LocatorAssertions.ContainsTextOptions().setTimeout(120_000);

    @TempDir
    Path tmp;

    @Test
    void a_file_dropped_on_a_drop_box_it_cannot_reach_directly_lands_through_the_relay_verified() throws Exception {
        Path inbox = tmp.resolve("inbox");
        Path file = TestFiles.randomFile(tmp.resolve("out/relayed.bin"), 32 * MIB, 33);
        String room = newRoomUrl();
        try (PeerProcess drop = startPeerOn(B, tmp.resolve("drop.log"), "drop", "--room", room,
                "--dir", inbox.toString(), "--name", "Inbox");
             RoomPage alice = openOn(A, room, "Alice")) {
            await().atMost(Duration.ofSeconds(30)).until(() -> drop.output().contains("joined room"));
            alice.shouldSeeConnected("Inbox");
            shouldBeRelayed(alice, "Inbox");
            // The drop logs its path too (issue 10 item 2): through the same relay.
            await().atMost(Duration.ofSeconds(20)).until(() -> Pattern.compile("connection to \\S+ runs relayed via "
                    + coturn.address().replace(".", "\\.") + ":\\d+ ").matcher(drop.output()).find());

            alice.dropFilesOn("Inbox", file);

            assertThat(alice.transfer("relayed.bin")).containsText("verified", LONG);
            Path landed = inbox.resolve("relayed.bin");
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(landed));
            assertThat(TestFiles.sha256(landed)).isEqualTo(TestFiles.sha256(file));
            assertThat(drop.output()).contains("received " + landed.toRealPath(), "from Alice", TestFiles.sha256(file));
            Map<String, Object> pair = shouldBeRelayed(alice, "Inbox");
            assertThat(((Number) pair.get("bytesSent")).longValue()).isGreaterThan(32 * MIB);
        }
    }

    @Test
    void chat_flows_both_ways_between_a_browser_and_the_chat_command_through_the_relay() throws Exception {
        String room = newRoomUrl();
        try (RoomPage alice = openOn(A, room, "Alice");
             PeerProcess terminal = startPeerOn(B, tmp.resolve("chat.log"), "chat", "--room", room,
                     "--name", "Terminal")) {
            alice.shouldSeeConnected("Terminal");
            shouldBeRelayed(alice, "Terminal");

            alice.say("hello across networks");
            await().atMost(Duration.ofSeconds(20)).until(() -> terminal.output().contains("[Alice] hello across networks"));

            terminal.typeLine("hello from the other network");
            assertThat(alice.chatEntry("Terminal", "hello from the other network")).hasCount(1);
        }
    }
}
