package io.peerhub.peer.chat;

import io.peerhub.peer.mesh.DeviceIdentity;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.peerhub.peer.PeerNode;
import io.peerhub.peer.Stage;
import io.peerhub.peer.rtc.RtcRuntime;
import io.peerhub.peer.signaling.RoomAddress;
import io.peerhub.protocol.ClientKind;
import io.peerhub.server.PeerhubServer;
import io.peerhub.server.ServerConfig;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ChatTest {

    static RtcRuntime rtc;
    static PeerhubServer server;

    @BeforeAll
    static void start() {
        rtc = new RtcRuntime();
        server = PeerhubServer.start(ServerConfig.loopback());
    }

    @AfterAll
    static void stop() {
        server.close();
        rtc.close();
    }

    @Test
    void chat_flows_both_ways_between_two_java_peers() throws Exception {
        RoomAddress room = Stage.address(server, Stage.newRoom());
        List<String> heardByAlice = new CopyOnWriteArrayList<>();
        List<String> heardByBob = new CopyOnWriteArrayList<>();
        try (PeerNode alice = new PeerNode(rtc, false, room, "Alice", ClientKind.NATIVE, DeviceIdentity.generate(),
                (p, c) -> heardByAlice.add(p.name() + ": " + c.text()), Duration.ofMinutes(1)).start();
             PeerNode bob = new PeerNode(rtc, false, room, "Bob", ClientKind.NATIVE, DeviceIdentity.generate(),
                     (p, c) -> heardByBob.add(p.name() + ": " + c.text()), Duration.ofMinutes(1)).start()) {
            Stage.connectedPeer(alice, "Bob");
            Stage.connectedPeer(bob, "Alice");

            assertThat(alice.chat().say("hello Bob")).isEqualTo(1);
            await().atMost(Duration.ofSeconds(10)).until(() -> heardByBob.contains("Alice: hello Bob"));
            assertThat(bob.chat().say("hi Alice")).isEqualTo(1);
            await().atMost(Duration.ofSeconds(10)).until(() -> heardByAlice.contains("Bob: hi Alice"));
        }
    }
}
