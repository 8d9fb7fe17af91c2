package io.peerhub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.peerhub.protocol.ClientKind;
import io.peerhub.protocol.ErrorMessage;
import io.peerhub.protocol.Ids;
import io.peerhub.protocol.Leave;
import io.peerhub.protocol.Peer;
import io.peerhub.protocol.PeerJoined;
import io.peerhub.protocol.PeerLeft;
import io.peerhub.protocol.PeerUpdated;
import io.peerhub.protocol.Ping;
import io.peerhub.protocol.Pong;
import io.peerhub.protocol.SignalFrom;
import io.peerhub.protocol.SignalTo;
import io.peerhub.protocol.Welcome;
import io.peerhub.protocol.trust.RoomKey;
import io.peerhub.testkit.TestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Resuming")
class ResumeTest {

    private static final Duration WINDOW = Duration.ofSeconds(1);
    private static PeerhubServer server;

    @BeforeAll
    static void start() {
        server = PeerhubServer.start(ServerConfig.loopback().withResumeWindow(WINDOW));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aDroppedPeerResumesWithItsIdAndTheRoomNeverSeesItGo() {
        RoomKey room = RoomKey.generate();
        try (TestClient alice = TestClient.joined(server.webSocketUrl(), room, "Alice")) {
            TestClient bob = TestClient.joined(server.webSocketUrl(), room, "Bob");
            alice.await(PeerJoined.class);
            String token = bob.welcome().resume();
            dropAndWaitForTheServerToNotice(bob, 1);

            try (TestClient bobAgain = TestClient.connect(server.webSocketUrl())) {
                Welcome welcome = bobAgain.resume(room, "Bob", token);

                assertThat(welcome.resumed()).isTrue();
                assertThat(welcome.self().id()).isEqualTo(bob.id());
                assertThat(welcome.resume()).isNotEqualTo(token);
                assertThat(welcome.peers()).containsExactly(alice.welcome().self());
                // past the end of the window the drop would have had: still nothing
                await().during(WINDOW.plusMillis(300)).atMost(WINDOW.multipliedBy(3)).until(() -> alice.inbox().isEmpty());
            }
        }
    }

    @Test
    void signalsSentWhileAwayArriveInOrderAfterTheWelcomeAtMost64() {
        RoomKey room = RoomKey.generate();
        try (TestClient alice = TestClient.joined(server.webSocketUrl(), room, "Alice")) {
            TestClient bob = TestClient.joined(server.webSocketUrl(), room, "Bob");
            String bobId = bob.id();
            dropAndWaitForTheServerToNotice(bob, 1);
            for (int i = 0; i < 70; i++) {
                alice.send(new SignalTo(bobId, JsonNodeFactory.instance.objectNode().put("n", i)));
            }
            alice.send(new Ping());
            alice.await(Pong.class); // the server has handled all 70 before Bob is back

            try (TestClient bobAgain = TestClient.connect(server.webSocketUrl())) {
                bobAgain.resume(room, "Bob", bob.welcome().resume());

                List<Integer> received = new ArrayList<>();
                for (int i = 0; i < 64; i++) {
                    SignalFrom signal = bobAgain.await(SignalFrom.class);
                    assertThat(signal.from()).isEqualTo(alice.id());
                    received.add(signal.data().get("n").intValue());
                }
                assertThat(received).isEqualTo(IntStream.range(0, 64).boxed().toList());
                assertThat(bobAgain.inbox()).isEmpty();
                // the six past the bound were refused, each told to its sender
                assertThat(alice.inbox()).filteredOn(m -> m instanceof ErrorMessage)
                        .extracting(m -> ((ErrorMessage) m).code().wire()).containsExactly(
                                "away-full", "away-full", "away-full", "away-full", "away-full", "away-full");
            }
        }
    }

    @Test
    void whenTheWindowRunsOutTheRoomIsToldAndTheTokenIsDead() {
        RoomKey room = RoomKey.generate();
        try (TestClient alice = TestClient.joined(server.webSocketUrl(), room, "Alice")) {
            TestClient bob = TestClient.joined(server.webSocketUrl(), room, "Bob");
            alice.await(PeerJoined.class);
            bob.drop();

            assertThat(alice.await(PeerLeft.class).id()).isEqualTo(bob.id());
            try (TestClient bobAgain = TestClient.connect(server.webSocketUrl())) {
                Welcome welcome = bobAgain.resume(room, "Bob", bob.welcome().resume());
                assertThat(welcome.resumed()).isFalse();
                assertThat(welcome.self().id()).isNotEqualTo(bob.id());
            }
        }
    }

    @Test
    void aResumeWhileTheOldSocketIsStillOpenReplacesIt4009() {
        RoomKey room = RoomKey.generate();
        try (TestClient alice = TestClient.joined(server.webSocketUrl(), room, "Alice");
             TestClient bob = TestClient.joined(server.webSocketUrl(), room, "Bob");
             TestClient bobAgain = TestClient.connect(server.webSocketUrl())) {
            alice.await(PeerJoined.class);

            Welcome welcome = bobAgain.resume(room, "Bob", bob.welcome().resume());

            assertThat(welcome.resumed()).isTrue();
            assertThat(welcome.self().id()).isEqualTo(bob.id());
            assertThat(bob.awaitError()).isEqualTo("replaced");
            assertThat(bob.awaitClose()).isEqualTo(4009);
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> alice.inbox().isEmpty());
            bobAgain.send(new SignalTo(alice.id(), JsonNodeFactory.instance.objectNode()));
            assertThat(alice.await(SignalFrom.class).from()).isEqualTo(bob.id());
        }
    }

    @Test
    void aResumeUnderANewNameIsARename() {
        RoomKey room = RoomKey.generate();
        try (TestClient alice = TestClient.joined(server.webSocketUrl(), room, "Alice");
             TestClient bob = TestClient.joined(server.webSocketUrl(), room, "Bob");
             TestClient bobAgain = TestClient.connect(server.webSocketUrl())) {
            alice.await(PeerJoined.class);
            bobAgain.resume(room, "Robert", bob.welcome().resume());

            assertThat(alice.await(PeerUpdated.class).peer()).isEqualTo(new Peer(bob.id(), "Robert", ClientKind.BROWSER));
        }
    }

    @Test
    void anUnknownTokenOrATokenForAnotherRoomJoinsFresh() {
        RoomKey room = RoomKey.generate();
        try (TestClient alice = TestClient.joined(server.webSocketUrl(), room, "Alice");
             TestClient stranger = TestClient.connect(server.webSocketUrl());
             TestClient wanderer = TestClient.connect(server.webSocketUrl())) {
            Welcome unknown = stranger.resume(room, "Stranger", Ids.newResumeToken());
            Welcome elsewhere = wanderer.resume(RoomKey.generate(), "Wanderer", alice.welcome().resume());

            assertThat(unknown.resumed()).isFalse();
            assertThat(elsewhere.resumed()).isFalse();
            assertThat(elsewhere.self().id()).isNotEqualTo(alice.id());
            assertThat(alice.await(PeerJoined.class).peer().name()).isEqualTo("Stranger");
            assertThat(alice.isClosed()).isFalse();
        }
    }

    @Test
    void aPeerThatLeftCannotBeResumed() {
        RoomKey room = RoomKey.generate();
        try (TestClient alice = TestClient.joined(server.webSocketUrl(), room, "Alice");
             TestClient again = TestClient.connect(server.webSocketUrl())) {
            String token = alice.welcome().resume();
            alice.send(new Leave());
            alice.send(new Ping());
            alice.await(Pong.class); // answered after the leave was handled

            assertThat(again.resume(room, "Alice", token).resumed()).isFalse();
        }
    }

    /** Drops the socket and waits until the server has only {@code remaining} connections left. */
    private static void dropAndWaitForTheServerToNotice(TestClient client, int remaining) {
        client.drop();
        await().atMost(TestClient.WAIT).until(() -> server.connectionCount() == remaining);
    }
}
