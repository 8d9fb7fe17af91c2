package io.peerhub.peer.chat;

import io.peerhub.peer.mesh.DeviceIdentity;
import static io.peerhub.peer.mesh.MemoryNetwork.soon;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerhub.peer.mesh.MemoryNetwork;
import io.peerhub.peer.mesh.Mesh;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Chat through the control-channel router of real meshes, over in-memory links. */
class ChatRoutingTest {

    @Test
    void a_message_said_once_reaches_every_connected_peer_as_plain_text() {
        try (MemoryNetwork net = new MemoryNetwork()) {
            List<String> heard = new CopyOnWriteArrayList<>();
            Mesh alice = net.mesh("Alice", DeviceIdentity.generate());
            Chat aliceChat = new Chat(alice, (from, m) -> heard.add("Alice heard " + m.text()));
            net.join(alice, "Alice");
            for (String name : List.of("Bob", "Carol")) {
                Mesh mesh = net.mesh(name, DeviceIdentity.generate());
                new Chat(mesh, (from, m) -> heard.add(name + " heard " + m.text() + " from " + from.name()));
                net.join(mesh, name);
            }
            soon().until(() -> alice.peers().size() == 2
                    && alice.peers().stream().allMatch(p -> p.verified()));

            assertThat(aliceChat.say("\u001b[31mhello")).isEqualTo(2);

            soon().until(() -> heard.size() == 2);
            assertThat(heard).containsExactlyInAnyOrder("Bob heard \u001b[31mhello from Alice",
                    "Carol heard \u001b[31mhello from Alice");
        }
    }
}
