package io.peerhub.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerhub.protocol.ClientKind;
import io.peerhub.protocol.Join;
import io.peerhub.protocol.PeerJoined;
import io.peerhub.protocol.Protocol;
import io.peerhub.protocol.trust.RoomKey;
import io.peerhub.testkit.TestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A join shows the room's admission proof, and a node admits it by hashing (docs/protocol.md "The
 * room key"): the room id alone lets nobody in, and a guesser is slowed down. Each test has its
 * own server, as the throttle counts by address and every test client is 127.0.0.1.
 */
@DisplayName("Admission to a room")
class RoomAdmissionTest {

    private PeerhubServer server;

    @BeforeEach
    void start() {
        server = PeerhubServer.start(ServerConfig.loopback());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void theRightProofAdmitsAndAWrongOneIsRefusedWithoutTheRoomHearingOfIt() {
        RoomKey room = RoomKey.generate();
        try (TestClient alice = TestClient.joined(server.webSocketUrl(), room, "Alice");
             TestClient eve = TestClient.connect(server.webSocketUrl())) {
            eve.send(new Join(Protocol.VERSION, room.roomId(), RoomKey.generate().admissionProof(), "Eve", ClientKind.BROWSER, null));
            assertThat(eve.awaitError()).isEqualTo("bad-proof");

            // The same connection may try again with the right key.
            assertThat(eve.join(room, "Eve").peers()).extracting(p -> p.name()).containsExactly("Alice");
            assertThat(alice.await(PeerJoined.class).peer().name()).isEqualTo("Eve");
        }
    }

    @Test
    void moreThanTenWrongProofsAMinuteFromOneAddressRefuseEveryJoinFromItAndAreCounted() throws Exception {
        RoomKey room = RoomKey.generate();
        try (TestClient guesser = TestClient.connect(server.webSocketUrl())) {
            for (int i = 0; i < 11; i++) {
                guesser.send(new Join(Protocol.VERSION, room.roomId(), RoomKey.generate().admissionProof(), "G", ClientKind.BROWSER, null));
                assertThat(guesser.awaitError()).isEqualTo("bad-proof");
            }
            guesser.send(Join.fresh(room, "G", ClientKind.BROWSER)); // even the right key, for the rest of the minute
            assertThat(guesser.awaitError()).isEqualTo("proof-throttled");
        }
        String metrics = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).contains("peerhub_joins_refused_total{code=\"bad-proof\"} 11.0")
                .contains("peerhub_joins_refused_total{code=\"proof-throttled\"} 1.0")
                .doesNotContain(room.encoded()).doesNotContain(room.admissionProof());
    }
}
