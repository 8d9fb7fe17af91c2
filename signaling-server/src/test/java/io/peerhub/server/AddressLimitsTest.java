package io.peerhub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.peerhub.protocol.ClientKind;
import io.peerhub.protocol.ErrorMessage;
import io.peerhub.protocol.Join;
import io.peerhub.protocol.Leave;
import io.peerhub.protocol.Ping;
import io.peerhub.protocol.Pong;
import io.peerhub.protocol.trust.RoomKey;
import io.peerhub.testkit.TestClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Per-address limits")
class AddressLimitsTest {

    private static final String ALICE_HOME = "198.51.100.7";
    private static final String BOB_HOME = "203.0.113.9";

    /** Clients reach the server through a proxy on the loopback address, which says who they are. */
    private static ServerConfig behindProxy(int connections, int joinsPerMinute) {
        return ServerConfig.loopback().withAccess(AccessConfig.defaults()
                .withTrustedProxies(List.of("127.0.0.1")).withLimits(connections, joinsPerMinute));
    }

    private static TestClient from(PeerhubServer server, String address) {
        return TestClient.connect(server.webSocketUrl(), Map.of("X-Forwarded-For", "10.9.9.9, " + address)).join();
    }

    @Test
    void aConnectionPastTheLimitIsToldTooManyConnectionsAndClosed4029WhileOtherAddressesConnect() throws Exception {
        RoomKey room = RoomKey.generate();
        try (PeerhubServer server = PeerhubServer.start(behindProxy(2, 60));
             TestClient first = from(server, ALICE_HOME);
             TestClient second = from(server, ALICE_HOME);
             TestClient third = from(server, ALICE_HOME);
             TestClient bob = from(server, BOB_HOME)) {
            ErrorMessage refusal = third.await(ErrorMessage.class);
            assertThat(refusal.code().wire()).isEqualTo("too-many-connections");
            assertThat(third.awaitClose()).isEqualTo(4029);

            assertThat(first.join(room, "Alice")).isNotNull();
            assertThat(bob.join(room, "Bob")).isNotNull();
            assertThat(CrossOriginTest.metrics(server)).contains("peerhub_address_refused_total{limit=\"connections\"} 1.0");

            second.close(); // frees a place
            await().atMost(TestClient.WAIT).until(() -> server.connectionCount() == 2);
            try (TestClient again = from(server, ALICE_HOME)) {
                assertThat(again.join(room, "Alice's phone")).isNotNull();
            }
        }
    }

    @Test
    void withoutATrustedProxyXForwardedForIsIgnoredAndTheSocketsAddressCounts() {
        ServerConfig config = ServerConfig.loopback().withAccess(AccessConfig.defaults().withLimits(1, 60));
        try (PeerhubServer server = PeerhubServer.start(config);
             TestClient first = from(server, ALICE_HOME);
             TestClient claimsToBeBob = from(server, BOB_HOME)) {
            assertThat(claimsToBeBob.awaitError()).isEqualTo("too-many-connections");
            assertThat(claimsToBeBob.awaitClose()).isEqualTo(4029);
            assertThat(first.join(RoomKey.generate(), "Alice")).isNotNull();
        }
    }

    @Test
    void joinsPastTheMinutesAllowanceAreRefusedWithTooManyJoinsAndTheConnectionStaysOpen() throws Exception {
        RoomKey room = RoomKey.generate();
        try (PeerhubServer server = PeerhubServer.start(behindProxy(32, 3));
             TestClient alice = from(server, ALICE_HOME);
             TestClient bob = from(server, BOB_HOME)) {
            for (int i = 0; i < 3; i++) {
                alice.join(room, "Alice");
                alice.send(new Leave());
            }
            alice.send(Join.fresh(room, "Alice", ClientKind.BROWSER));

            ErrorMessage refusal = alice.await(ErrorMessage.class);
            assertThat(refusal.code().wire()).isEqualTo("too-many-joins");
            assertThat(refusal.ref()).isEqualTo("join");
            alice.send(new Ping());
            assertThat(alice.await(Pong.class)).isNotNull();
            assertThat(bob.join(room, "Bob").peers()).isEmpty(); // Bob's address has its own allowance
            assertThat(CrossOriginTest.metrics(server)).contains("peerhub_address_refused_total{limit=\"joins\"} 1.0");
        }
    }
}
