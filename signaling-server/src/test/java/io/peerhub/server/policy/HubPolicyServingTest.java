package io.peerhub.server.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.peerhub.protocol.PolicyUpdate;
import io.peerhub.protocol.policy.FileCategory;
import io.peerhub.protocol.trust.RoomKey;
import io.peerhub.server.PeerhubServer;
import io.peerhub.server.ServerConfig;
import io.peerhub.testkit.TestClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --policy FILE} on a real server: in every welcome, a change reaches the rooms, a broken edit does not. */
@DisplayName("The hub policy a server publishes")
class HubPolicyServingTest {

    private static final Duration CHANGE_SEEN = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @Test
    void every_welcome_carries_the_policy_and_a_change_reaches_peers_already_in_rooms() throws Exception {
        Path file = dir.resolve("policy.yaml");
        Files.writeString(file, "notice: Work files only.\nblockCategories: [video]\n");
        try (PeerhubServer server = PeerhubServer.start(ServerConfig.loopback().withPolicyFile(file));
             TestClient alice = TestClient.joined(server.webSocketUrl(), RoomKey.generate(), "Alice");
             TestClient bob = TestClient.joined(server.webSocketUrl(), RoomKey.generate(), "Bob")) {
            assertThat(alice.welcome().policy().notice()).isEqualTo("Work files only.");
            assertThat(alice.welcome().policy().blockCategories()).containsExactly(FileCategory.VIDEO);

            // As editors save: a new file renamed over the old one.
            replace(file, "notice: Work files only.\nblockCategories: [video, audio]\n");
            PolicyUpdate update = alice.await(PolicyUpdate.class);
            assertThat(update.policy().blockCategories()).containsExactlyInAnyOrder(FileCategory.VIDEO, FileCategory.AUDIO);
            assertThat(bob.await(PolicyUpdate.class).policy()).isEqualTo(update.policy());

            try (TestClient carol = TestClient.joined(server.webSocketUrl(), RoomKey.generate(), "Carol")) {
                assertThat(carol.welcome().policy()).isEqualTo(update.policy());
            }
        }
    }

    @Test
    void a_broken_edit_keeps_the_policy_in_force_and_tells_no_one() throws Exception {
        Path file = dir.resolve("policy.json");
        Files.writeString(file, "{\"maxFileBytes\": 1000}");
        try (PeerhubServer server = PeerhubServer.start(ServerConfig.loopback().withPolicyFile(file));
             TestClient alice = TestClient.joined(server.webSocketUrl(), RoomKey.generate(), "Alice")) {
            Files.writeString(file, "{\"maxFileBytes\": -5}");
            // Then a good edit: had the broken one been published, alice would hear it first.
            await().during(Duration.ofSeconds(2)).atMost(CHANGE_SEEN)
                    .until(() -> server.policy().maxFileBytes() == 1000L && !alice.has(PolicyUpdate.class));
            Files.writeString(file, "{\"maxFileBytes\": 2000}");
            assertThat(alice.await(PolicyUpdate.class).policy().maxFileBytes()).isEqualTo(2000L);
            assertThat(alice.has(PolicyUpdate.class)).as("one update, not two").isFalse();

            Files.delete(file);
            await().during(Duration.ofSeconds(2)).atMost(CHANGE_SEEN).until(() -> server.policy().maxFileBytes() == 2000L);
        }
    }

    @Test
    void a_server_without_a_policy_file_publishes_none() {
        try (PeerhubServer server = PeerhubServer.start(ServerConfig.loopback());
             TestClient alice = TestClient.joined(server.webSocketUrl(), RoomKey.generate(), "Alice")) {
            assertThat(alice.welcome().policy()).isNull();
            assertThat(server.policy()).isNull();
        }
    }

    @Test
    void a_policy_file_with_a_mistake_stops_the_server_before_it_listens() throws Exception {
        Path file = dir.resolve("policy.yaml");
        Files.writeString(file, "notice: hi\nblockCategories: [films]\n");
        assertThatThrownBy(() -> PeerhubServer.start(ServerConfig.loopback().withPolicyFile(file)))
                .isInstanceOf(PolicyFileException.class).hasMessageContaining("line 2").hasMessageContaining("'films'");
    }

    @Test
    void the_command_line_says_which_line_is_wrong_and_exits_with_a_usage_error() throws Exception {
        Path file = dir.resolve("policy.yaml");
        Files.writeString(file, "notice: hi\nmaxBatchBytes: lots\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream was = System.err;
        int exit;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            exit = new picocli.CommandLine(new io.peerhub.server.Main())
                    .execute("--bind", "127.0.0.1", "--port", "0", "--policy", file.toString());
        } finally {
            System.setErr(was);
        }
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("policy.yaml line 2").contains("maxBatchBytes");
    }

    private static void replace(Path file, String text) throws Exception {
        Path next = file.resolveSibling(file.getFileName() + ".new");
        Files.writeString(next, text);
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
