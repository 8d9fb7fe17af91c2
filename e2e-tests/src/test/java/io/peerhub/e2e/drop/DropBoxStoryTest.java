package io.peerhub.e2e.drop;

import io.peerhub.e2e.PeerProcess;
import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.assertions.LocatorAssertions;
import io.peerhub.e2e.RoomPage;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** People in browsers and the Java peer's commands (drop, send, chat) in one room. */
class DropBoxStoryTest extends DropStage {

    private static final LocatorAssertions.ContainsTextOptions LONG =
            new LocatorAssertions.ContainsTextOptions().setTimeout(60_000);

    @TempDir
    Path tmp;

    private PeerProcess startDrop(String room, Path dir) throws Exception {
        PeerProcess drop = PeerProcess.start(tmp.resolve("drop.log"), "drop", "--room", room,
                "--dir", dir.toString(), "--name", "Inbox");
        await().atMost(Duration.ofSeconds(30)).until(() -> drop.output().contains("joined room"));
        return drop;
    }

    @Test
    void the_drop_box_shows_in_the_room_as_an_avatar_marked_drop_box() throws Exception {
        String room = newRoomUrl();
        try (PeerProcess drop = startDrop(room, tmp.resolve("inbox"));
             RoomPage alice = RoomPage.open(browser, room, "Alice")) {
            assertThat(alice.avatarOf("Inbox")).hasAccessibleName("Inbox, connected, verified, drop box",
                    new LocatorAssertions.HasAccessibleNameOptions().setTimeout(20_000));
            // Browser and Java drop on one host: the direct path, as the drop logs it too.
            assertThat(alice.avatarOf("Inbox")).hasAccessibleDescription(
                    java.util.regex.Pattern.compile("^direct · (<1|\\d+) ms round trip$"));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(drop.output())
                    .containsPattern("connection to \\S+ runs direct \\((host|prflx) <-> (host|prflx), udp"));
        }
    }

    @Test
    void a_file_dropped_on_the_drop_boxs_avatar_lands_in_its_folder_with_the_same_sha256() throws Exception {
        Path inbox = tmp.resolve("inbox");
        Path file = randomFile(tmp.resolve("out/report.bin"), 8L << 20, 41);
        String room = newRoomUrl();
        try (PeerProcess drop = startDrop(room, inbox);
             RoomPage alice = RoomPage.open(browser, room, "Alice")) {
            alice.shouldSeeConnected("Inbox");

            alice.dropFilesOn("Inbox", file);

            assertThat(alice.transfer("report.bin")).containsText("verified", LONG);
            Path landed = inbox.resolve("report.bin");
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(landed));
            assertThat(sha256(landed)).isEqualTo(sha256(file));
            assertThat(drop.output()).contains("received " + landed.toRealPath(), "from Alice", sha256(file));
        }
    }

    @Test
    void a_file_the_browser_names_dot_dot_escape_lands_inside_the_drop_folder() throws Exception {
        Path inbox = tmp.resolve("inbox");
        String room = newRoomUrl();
        try (PeerProcess drop = startDrop(room, inbox);
             RoomPage mallory = RoomPage.open(browser, room, "Mallory")) {
            mallory.shouldSeeConnected("Inbox");

            mallory.dropMadeUpFilesOn("Inbox", Map.of("../../escape.txt", "gotcha"));

            await().atMost(Duration.ofSeconds(30)).until(() -> drop.output().contains("received "));
            List<Path> files;
            try (Stream<Path> walk = Files.walk(inbox)) {
                files = walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                        .filter(p -> !inbox.relativize(p).startsWith(".partial")).toList();
            }
            assertThat(files).singleElement().satisfies(p -> {
                assertThat(p.toRealPath()).startsWith(inbox.toRealPath());
                assertThat(Files.readString(p)).isEqualTo("gotcha");
                assertThat(p.getFileName().toString()).doesNotContain("/", "\\").endsWith("escape.txt");
            });
            assertThat(tmp.resolve("escape.txt")).doesNotExist();
            assertThat(tmp.getParent().resolve("escape.txt")).doesNotExist();
        }
    }

    @Test
    void send_from_the_java_peer_reaches_a_browser_verified() throws Exception {
        Path file = randomFile(tmp.resolve("out/from-java.bin"), 4L << 20, 43);
        String room = newRoomUrl();
        try (RoomPage alice = RoomPage.open(browser, room, "Alice")) {
            PeerProcess send = PeerProcess.start(tmp.resolve("send.log"), "send", "--room", room,
                    "--to", "Alice", "--name", "Server", file.toString());
            try (send) {
                assertThat(alice.offerFrom("Server")).containsText("from-java.bin",
                        new LocatorAssertions.ContainsTextOptions().setTimeout(30_000));
                Download download = alice.acceptAndDownload("Server", 60_000);
                Path saved = tmp.resolve("in/" + download.suggestedFilename());
                download.saveAs(saved);

                assertThat(send.waitForExit(60)).as(send.output()).isZero();
                assertThat(sha256(saved)).isEqualTo(sha256(file));
                assertThat(send.output()).contains("verified  from-java.bin  sha256 " + sha256(file));
                assertThat(alice.transfer("from-java.bin")).containsText("verified", LONG);
            }
        }
    }

    @Test
    void chat_flows_both_ways_between_a_browser_and_the_chat_command() throws Exception {
        String room = newRoomUrl();
        try (RoomPage alice = RoomPage.open(browser, room, "Alice");
             PeerProcess terminal = PeerProcess.start(tmp.resolve("chat.log"), "chat", "--room", room,
                     "--name", "Terminal")) {
            alice.shouldSeeConnected("Terminal");

            alice.say("hello terminal");
            await().atMost(Duration.ofSeconds(20)).until(() -> terminal.output().contains("[Alice] hello terminal"));

            terminal.typeLine("hello browser");
            assertThat(alice.chatEntry("Terminal", "hello browser")).hasCount(1);
        }
    }
}
