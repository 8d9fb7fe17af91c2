package io.peerhub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.peerhub.protocol.ClientKind;
import io.peerhub.protocol.IceServer;
import io.peerhub.protocol.Ids;
import io.peerhub.protocol.Join;
import io.peerhub.protocol.Leave;
import io.peerhub.protocol.Peer;
import io.peerhub.protocol.PeerJoined;
import io.peerhub.protocol.PeerLeft;
import io.peerhub.protocol.PeerUpdated;
import io.peerhub.protocol.Ping;
import io.peerhub.protocol.ErrorMessage;
import io.peerhub.protocol.Pong;
import io.peerhub.protocol.Rename;
import io.peerhub.protocol.SignalFrom;
import io.peerhub.protocol.Welcome;
import io.peerhub.protocol.trust.RoomKey;
import io.peerhub.testkit.TestClient;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("In a room")
class RoomTest {

    private static PeerhubServer server;

    @BeforeAll
    static void start() {
        server = PeerhubServer.start(ServerConfig.loopback());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theFirstPeerIsWelcomedToAnEmptyRoom() {
        try (TestClient alice = TestClient.connect(server.webSocketUrl())) {
            Welcome welcome = alice.join(RoomKey.generate(), "  Alice  ");

            assertThat(welcome.v()).isEqualTo(2);
            assertThat(welcome.self().name()).isEqualTo("Alice");
            assertThat(welcome.self().kind()).isEqualTo(ClientKind.BROWSER);
            assertThat(Ids.isPeerId(welcome.self().id())).isTrue();
            assertThat(Ids.isResumeToken(welcome.resume())).isTrue();
            assertThat(welcome.peers()).isEmpty();
            assertThat(welcome.iceServers()).isEmpty();
            assertThat(welcome.heartbeatMs()).isEqualTo(10_000);
            assertThat(welcome.resumed()).isFalse();
        }
    }

    @Test
    void aNewcomerIsWelcomedWithEveryoneElseAndTheOthersSeeItJoin() {
        RoomKey room = RoomKey.generate();
        try (TestClient alice = TestClient.joined(server.webSocketUrl(), room, "Alice");
             TestClient bob = TestClient.joined(server.webSocketUrl(), room, "Bob");
             TestClient carol = TestClient.joined(server.webSocketUrl(), room, "Carol")) {

            assertThat(carol.welcome().peers()).containsExactly(
                    new Peer(alice.id(), "Alice", ClientKind.BROWSER), new Peer(bob.id(), "Bob", ClientKind.BROWSER));
            assertThat(alice.await(PeerJoined.class).peer()).isEqualTo(bob.welcome().self());
            assertThat(alice.await(PeerJoined.class).peer()).isEqualTo(carol.welcome().self());
            assertThat(bob.await(PeerJoined.class).peer()).isEqualTo(carol.welcome().self());
            assertThat(List.of(alice.id(), bob.id(), carol.id())).doesNotHaveDuplicates();
        }
    }

    @Test
    void aPeerThatLeavesIsGoneForTheOthersAtOnce() {
        RoomKey room = RoomKey.generate();
        try (TestClient alice = TestClient.joined(server.webSocketUrl(), room, "Alice");
             TestClient bob = TestClient.joined(server.webSocketUrl(), room, "Bob")) {
            bob.send(new Leave());

            assertThat(alice.await(PeerLeft.class).id()).isEqualTo(bob.id());
        }
    }

    @Test
    void aPeerThatClosesItsTabIsGoneForTheOthersAtOnce() {
        RoomKey room = RoomKey.generate();
        try (TestClient alice = TestClient.joined(server.webSocketUrl(), room, "Alice")) {
            TestClient bob = TestClient.joined(server.webSocketUrl(), room, "Bob");
            bob.close();

            assertThat(alice.await(PeerLeft.class).id()).isEqualTo(bob.id());
        }
    }

    @Test
    void aRenameReachesTheOthersAsPeerUpdated() {
        RoomKey room = RoomKey.generate();
        try (TestClient alice = TestClient.joined(server.webSocketUrl(), room, "Alice");
             TestClient bob = TestClient.joined(server.webSocketUrl(), room, "Bob")) {
            alice.send(new Rename("Alice (phone)"));

            assertThat(bob.await(PeerUpdated.class).peer()).isEqualTo(new Peer(alice.id(), "Alice (phone)", ClientKind.BROWSER));
        }
    }

    @Test
    void aSignalArrivesWithItsSenderAndItsDataUnchanged() {
        RoomKey room = RoomKey.generate();
        try (TestClient alice = TestClient.joined(server.webSocketUrl(), room, "Alice");
             TestClient bob = TestClient.joined(server.webSocketUrl(), room, "Bob")) {
            String data = "{\"description\":{\"type\":\"offer\",\"sdp\":\"v=0\\r\\n\"},\"n\":1.10,\"big\":123456789012345678901234567890}";
            alice.send("{\"type\":\"signal\",\"to\":\"" + bob.id() + "\",\"data\":" + data + "}");

            SignalFrom signal = bob.await(SignalFrom.class);
            assertThat(signal.from()).isEqualTo(alice.id());
            assertThat(signal.data().toString()).isEqualTo(data);
        }
    }

    @Test
    void whatHappensInOneRoomIsNotSeenInAnother() {
        try (TestClient alice = TestClient.joined(server.webSocketUrl(), RoomKey.generate(), "Alice");
             TestClient bob = TestClient.joined(server.webSocketUrl(), RoomKey.generate(), "Bob")) {
            assertThat(bob.welcome().peers()).isEmpty();
            TestClient carol = TestClient.joined(server.webSocketUrl(), alice.room(), "Carol");
            carol.send(new Rename("Caroline"));
            alice.await(PeerUpdated.class);
            carol.close();
            alice.await(PeerLeft.class);

            assertThat(bob.inbox()).isEmpty();
        }
    }

    @Test
    void aPingIsAnsweredWithAPongEvenBeforeJoining() {
        try (TestClient alice = TestClient.connect(server.webSocketUrl())) {
            alice.send(new Ping());

            assertThat(alice.await(Pong.class)).isEqualTo(new Pong());
        }
    }

    @Test
    void iceServersComeFromTheConfiguration() {
        List<IceServer> ice = List.of(IceServer.of("stun:stun.example.org:3478"),
                new IceServer(List.of("turn:turn.example.org:3478"), "user", "secret"));
        try (PeerhubServer withIce = PeerhubServer.start(ServerConfig.loopback().withIceServers(ice));
             TestClient alice = TestClient.joined(withIce.webSocketUrl(), RoomKey.generate(), "Alice")) {
            assertThat(alice.welcome().iceServers()).isEqualTo(ice);
        }
    }

    @Test
    void aFullRoomRefusesTheNextPeerAndItCanTryAnotherRoom() {
        RoomKey room = RoomKey.generate();
        try (PeerhubServer small = PeerhubServer.start(ServerConfig.loopback().withMaxPeersPerRoom(2));
             TestClient alice = TestClient.joined(small.webSocketUrl(), room, "Alice");
             TestClient bob = TestClient.joined(small.webSocketUrl(), room, "Bob");
             TestClient carol = TestClient.connect(small.webSocketUrl())) {
            carol.send(Join.fresh(room, "Carol", ClientKind.BROWSER));

            assertThat(carol.awaitError()).isEqualTo("room-full");
            assertThat(carol.join(RoomKey.generate(), "Carol").resumed()).isFalse();
            alice.await(PeerJoined.class);
            assertThat(alice.inbox()).isEmpty();
            assertThat(bob.inbox()).isEmpty();
        }
    }

    @Test
    void aFloodIsRateLimitedWithOneErrorAndTheConnectionStaysOpen() {
        try (PeerhubServer strict = PeerhubServer.start(ServerConfig.loopback().withRateLimit(5, 5));
             TestClient alice = TestClient.connect(strict.webSocketUrl())) {
            for (int i = 0; i < 20; i++) {
                alice.send(new Ping());
            }

            assertThat(alice.awaitError()).isEqualTo("rate-limited");
            await().atMost(TestClient.WAIT).until(() -> alice.inbox().size() >= 5);
            // the burst of 5, plus what refilled (5/s) while the 20 frames went out
            assertThat(alice.inbox()).hasSizeBetween(5, 8).allMatch(m -> m instanceof Pong);
            assertThat(alice.isClosed()).isFalse();
        }
    }


    @Test
    void aConnectionFloodingTenBurstsPastTheLimitIsClosed1008AndAnotherStaysUntouched() throws Exception {
        try (PeerhubServer strict = PeerhubServer.start(ServerConfig.loopback().withRateLimit(5, 5));
             TestClient mallory = TestClient.connect(strict.webSocketUrl());
             TestClient alice = TestClient.connect(strict.webSocketUrl())) {
            // Past the burst (5), ten bursts (50) are refused silently; the next closes the connection.
            // The server may cut the connection while frames are still going out: stop there.
            for (int i = 0; i < 5 + 50 + 20 && !mallory.isClosed(); i++) {
                try {
                    mallory.send(new Ping());
                } catch (CompletionException cutWhileSending) {
                    break;
                }
            }

            assertThat(mallory.awaitClose()).isEqualTo(1008);
            List<String> errors = mallory.inbox().stream().filter(m -> m instanceof ErrorMessage)
                    .map(m -> ((ErrorMessage) m).message()).toList();
            assertThat(errors).hasSize(2).last().asString().startsWith("closing:");
            alice.send(new Ping());
            assertThat(alice.await(Pong.class)).isNotNull();
            assertThat(CrossOriginTest.metrics(strict)).contains("peerhub_floods_cut_total 1.0");
        }
    }
}
