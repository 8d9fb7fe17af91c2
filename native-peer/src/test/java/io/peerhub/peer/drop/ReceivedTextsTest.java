package io.peerhub.peer.drop;

import static io.peerhub.peer.mesh.MemoryNetwork.soon;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.peerhub.peer.chat.Chat;
import io.peerhub.peer.mesh.DeviceIdentity;
import io.peerhub.peer.mesh.MemoryNetwork;
import io.peerhub.peer.mesh.Mesh;
import io.peerhub.peer.mesh.RemotePeer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A drop's --texts file: one whole JSON line per text, bounded. */
class ReceivedTextsTest {

    @TempDir
    Path dir;

    @Test
    void each_text_is_one_json_line_with_its_sender_and_the_file_stops_at_its_limit() throws Exception {
        try (MemoryNetwork net = new MemoryNetwork()) {
            Path file = dir.resolve("texts.jsonl");
            ReceivedTexts texts = new ReceivedTexts(file, 300, Clock.systemUTC());
            Mesh drop = net.mesh("Inbox", DeviceIdentity.generate());
            new Chat(drop, (f, m) -> { }).onDirect(texts::save);
            net.join(drop, "Inbox");
            DeviceIdentity aliceDevice = DeviceIdentity.generate();
            Mesh alice = net.mesh("Alice", aliceDevice);
            Chat aliceChat = new Chat(alice, (f, m) -> { });
            net.join(alice, "Alice");
            soon().until(() -> alice.peers().stream().anyMatch(RemotePeer::verified)
                    && drop.peers().stream().anyMatch(RemotePeer::verified));
            RemotePeer inbox = alice.peers().get(0);

            aliceChat.sayTo(inbox, "line one\n{\"from\":\"forged\"}");
            soon().until(() -> Files.readAllLines(file).size() == 1);
            aliceChat.sayTo(inbox, "x".repeat(400));
            aliceChat.sayTo(inbox, "short");
            soon().until(() -> Files.readAllLines(file).size() == 2);

            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            JsonNode first = new JsonMapper().readTree(lines.get(0));
            assertThat(first.get("text").asText()).isEqualTo("line one\n{\"from\":\"forged\"}");
            assertThat(first.get("from").asText()).isEqualTo("Alice");
            assertThat(first.get("device").asText()).isEqualTo(aliceDevice.deviceId());
            assertThat(new JsonMapper().readTree(lines.get(1)).get("text").asText()).isEqualTo("short");
            assertThat(Files.size(file)).isLessThanOrEqualTo(300);
        }
    }
}
