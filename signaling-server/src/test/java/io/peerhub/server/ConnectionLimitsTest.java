package io.peerhub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peerhub.protocol.ErrorMessage;
import io.peerhub.protocol.Ids;
import io.peerhub.protocol.PeerJoined;
import io.peerhub.protocol.Ping;
import io.peerhub.protocol.Pong;
import io.peerhub.protocol.Protocol;
import io.peerhub.protocol.SignalFrom;
import io.peerhub.protocol.SignalTo;
import io.peerhub.protocol.trust.RoomKey;
import io.peerhub.testkit.TestClient;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Connections")
class ConnectionLimitsTest {

    @Test
    void aClientThatStopsReadingIsCutOffWithoutSlowingTheSender() {
        ServerConfig config = ServerConfig.loopback().withMaxQueuedBytes(256 * 1024).withRateLimit(10_000, 10_000);
        RoomKey room = RoomKey.generate();
        try (PeerhubServer server = PeerhubServer.start(config);
             TestClient alice = TestClient.joined(server.webSocketUrl(), room, "Alice");
             TestClient bob = TestClient.joined(server.webSocketUrl(), room, "Bob")) {
            alice.await(PeerJoined.class);
            bob.stopReading();
            ObjectNode bulky = JsonNodeFactory.instance.objectNode().put("sdp", "x".repeat(60_000));

            // ~24 MB: more than the loopback socket buffers absorb, so the server's queue for Bob fills
            for (int i = 0; i < 400 && server.connectionCount() == 2; i++) {
                alice.send(new SignalTo(bob.id(), bulky));
            }

            await().atMost(TestClient.WAIT).until(() -> server.connectionCount() == 1);
            alice.send(new Ping());
            assertThat(alice.await(Pong.class)).isNotNull();
            // Bob is away, not gone: no peer-left yet; what could not be held for him was refused as away-full
            assertThat(alice.inbox()).allMatch(m -> m instanceof ErrorMessage e && e.code().wire().equals("away-full"));
        }
    }

    @Test
    void pastTheNodesSendBudgetReadersThatDoNotReadAreCutOffAndOneThatReadsKeepsEverySignal() {
        // Each may have 64 MiB waiting: only the node's budget (1 MiB) can cut anyone off here.
        ServerConfig config = ServerConfig.loopback().withMaxQueuedBytes(64L * 1024 * 1024).withRateLimit(10_000, 10_000)
                .withAccess(AccessConfig.defaults().withSendBudget(1024 * 1024));
        RoomKey room = RoomKey.generate();
        try (PeerhubServer server = PeerhubServer.start(config);
             TestClient alice = TestClient.joined(server.webSocketUrl(), room, "Alice");
             TestClient bob = TestClient.joined(server.webSocketUrl(), room, "Bob");
             TestClient carol = TestClient.joined(server.webSocketUrl(), room, "Carol");
             TestClient dave = TestClient.joined(server.webSocketUrl(), room, "Dave")) {
            await().atMost(TestClient.WAIT).until(() -> alice.inbox().stream().filter(m -> m instanceof PeerJoined).count() == 3);
            bob.stopReading();
            carol.stopReading();
            ObjectNode bulky = JsonNodeFactory.instance.objectNode().put("sdp", "x".repeat(60_000));

            int toDave = 0;
            for (int i = 0; i < 400 && server.connectionCount() > 2; i++) {
                alice.send(new SignalTo(bob.id(), bulky));
                alice.send(new SignalTo(carol.id(), bulky));
                alice.send(new SignalTo(dave.id(), bulky));
                toDave++;
            }

            await().atMost(TestClient.WAIT).until(() -> server.connectionCount() == 2);
            int sentToDave = toDave;
            await().atMost(TestClient.WAIT).until(() -> dave.inbox().stream().filter(m -> m instanceof SignalFrom).count() == sentToDave);
            assertThat(dave.isClosed()).isFalse();
            await().atMost(TestClient.WAIT).until(() -> CrossOriginTest.metrics(server).contains("peerhub_send_queued_bytes 0.0"));
        }
    }

    @Test
    void aFramePastTwiceTheProtocolsCapIsCutOffByTheWebSocketLayer1009() {
        try (PeerhubServer server = PeerhubServer.start(ServerConfig.loopback());
             TestClient mallory = TestClient.connect(server.webSocketUrl())) {
            mallory.send("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(2 * Protocol.MAX_MESSAGE_BYTES) + "\"}");

            assertThat(mallory.awaitClose()).isEqualTo(1009);
        }
    }

    @Test
    void shuttingDownClosesEverySocketWith1012() {
        PeerhubServer server = PeerhubServer.start(ServerConfig.loopback());
        try (TestClient alice = TestClient.joined(server.webSocketUrl(), RoomKey.generate(), "Alice");
             TestClient lurker = TestClient.connect(server.webSocketUrl())) {
            // Many sockets that have their 101 while the node may not have opened their sessions yet
            List<TestClient> fresh = IntStream.range(0, 16).parallel()
                    .mapToObj(i -> TestClient.connect(server.webSocketUrl())).toList();
            server.close();

            assertThat(alice.awaitClose()).isEqualTo(1012);
            assertThat(lurker.awaitClose()).isEqualTo(1012);
            assertThat(fresh).extracting(TestClient::awaitClose).containsOnly(1012);
            fresh.forEach(TestClient::close);
        }
    }
}
