package io.peerhub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.peerhub.protocol.ErrorMessage;
import io.peerhub.protocol.Ids;
import io.peerhub.protocol.PeerJoined;
import io.peerhub.protocol.PeerLeft;
import io.peerhub.protocol.trust.RoomKey;
import io.peerhub.testkit.TestClient;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The heartbeat")
class HeartbeatTest {

    private static final Duration INTERVAL = Duration.ofMillis(100);
    private static final Duration TIMEOUT = Duration.ofMillis(500);
    private static PeerhubServer server;

    @BeforeAll
    static void start() {
        server = PeerhubServer.start(ServerConfig.loopback().withHeartbeat(INTERVAL, TIMEOUT));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void drops4008AClientThatStopsAnsweringAndTellsTheRoomAtOnce() {
        RoomKey room = RoomKey.generate();
        try (TestClient alice = TestClient.joined(server.webSocketUrl(), room, "Alice");
             TestClient bob = TestClient.joined(server.webSocketUrl(), room, "Bob").silentOnPings()) {
            alice.await(PeerJoined.class);

            ErrorMessage error = bob.await(ErrorMessage.class);
            assertThat(error.code().wire()).isEqualTo("heartbeat-timeout");
            assertThat(bob.awaitClose()).isEqualTo(4008);
            assertThat(alice.await(PeerLeft.class).id()).isEqualTo(bob.id());
        }
    }

    @Test
    void keepsAClientThatAnswersEveryPing() {
        RoomKey room = RoomKey.generate();
        try (TestClient alice = TestClient.joined(server.webSocketUrl(), room, "Alice")) {
            await().atMost(Duration.ofSeconds(5)).until(() -> alice.pingsReceived() >= 15); // three timeouts' worth

            assertThat(alice.isClosed()).isFalse();
            assertThat(alice.inbox()).isEmpty();
            assertThat(alice.welcome().heartbeatMs()).isEqualTo(INTERVAL.toMillis());
        }
    }

    @Test
    void drops4008AConnectionThatNeverJoinsAndDoesNotPingIt() {
        try (TestClient lurker = TestClient.connect(server.webSocketUrl())) {
            assertThat(lurker.awaitError()).isEqualTo("heartbeat-timeout");
            assertThat(lurker.awaitClose()).isEqualTo(4008);
            assertThat(lurker.pingsReceived()).isZero();
        }
    }
}
