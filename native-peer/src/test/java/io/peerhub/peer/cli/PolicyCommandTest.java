package io.peerhub.peer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.peerhub.peer.Stage;
import io.peerhub.server.PeerhubServer;
import io.peerhub.server.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands under a hub policy, and a drop's own ({@code --block}, {@code --allow}), as separate processes. */
class PolicyCommandTest {

    /** An mp4's first bytes as ffmpeg writes them (protocol/vectors/file-types.json, holiday.mp4). */
    private static final byte[] MP4 = java.util.HexFormat.of().parseHex(
            "000000206674797069736f6d0000020069736f6d69736f32617663316d70343100000008667265650000000c6d64617400000000");

    static PeerhubServer hub;

    @TempDir
    static Path policyDir;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() throws Exception {
        Path policy = Files.writeString(policyDir.resolve("policy.yaml"), "notice: Work files only.\nblockCategories: [video]\n");
        hub = PeerhubServer.start(ServerConfig.loopback().withPolicyFile(policy));
    }

    @AfterAll
    static void stop() {
        hub.close();
    }

    @Test
    void a_bad_block_or_allow_is_a_usage_error_that_names_the_option_and_the_value() throws Exception {
        Path log = tmp.resolve("drop.log");
        Process drop = CommandLineTest.start(log, "drop", "--server", hub.baseUrl(), "--room", Stage.newRoom(),
                "--dir", tmp.resolve("inbox").toString(), "--block", "video,../etc");
        assertThat(drop.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(drop.exitValue()).isEqualTo(2);
        assertThat(Files.readString(log)).contains("--block: names '../etc', not an extension");
    }

    @Test
    void send_offers_nothing_the_hub_refuses_and_a_drop_refuses_what_its_own_policy_does() throws Exception {
        Path inbox = Files.createDirectory(tmp.resolve("inbox"));
        Path video = tmp.resolve("notes.txt");
        byte[] bytes = new byte[100_000];
        System.arraycopy(MP4, 0, bytes, 0, MP4.length);
        Files.write(video, bytes);
        Path pdf = Files.writeString(tmp.resolve("manual.pdf"), "%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n");
        String room = Stage.newRoom();
        Path dropLog = tmp.resolve("drop.log");
        Process drop = CommandLineTest.start(dropLog, "drop", "--server", hub.baseUrl(), "--room", room,
                "--dir", inbox.toString(), "--name", "Inbox", "--block", "document");
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(dropLog).contains("joined room"));
            assertThat(Files.readString(dropLog)).contains("own policy, on top of the hub's", "\"blockCategories\":[\"document\"]");

            Path sendLog = tmp.resolve("send-video.log");
            Process send = CommandLineTest.start(sendLog, "send", "--server", hub.baseUrl(), "--room", room,
                    "--to", "Inbox", "--wait", "30", video.toString());
            assertThat(send.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String sent = Files.readString(sendLog);
            assertThat(send.exitValue()).as(sent).isEqualTo(6);
            assertThat(sent).contains("send: not sent: notes.txt: video files are not allowed on this hub (judged by its content)",
                    "send: the hub says: Work files only.");

            Path pdfLog = tmp.resolve("send-pdf.log");
            Process refused = CommandLineTest.start(pdfLog, "send", "--server", hub.baseUrl(), "--room", room,
                    "--to", "Inbox", "--wait", "30", pdf.toString());
            assertThat(refused.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String answer = Files.readString(pdfLog);
            assertThat(refused.exitValue()).as(answer).isEqualTo(3);
            assertThat(answer).contains("refused by Inbox: policy (manual.pdf: document files are not allowed on this hub");
            try (var files = Files.walk(inbox)) {
                assertThat(files.filter(Files::isRegularFile).toList()).isEmpty();
            }
        } finally {
            drop.destroy();
            drop.waitFor(10, TimeUnit.SECONDS);
            drop.destroyForcibly();
        }
    }
}
