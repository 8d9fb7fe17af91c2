package io.peerhub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.peerhub.protocol.ErrorMessage;
import io.peerhub.protocol.IceRenew;
import io.peerhub.protocol.IceServer;
import io.peerhub.protocol.IceServers;
import io.peerhub.protocol.Ping;
import io.peerhub.protocol.Pong;
import io.peerhub.protocol.Protocol;
import io.peerhub.protocol.Welcome;
import io.peerhub.protocol.trust.RoomKey;
import io.peerhub.testkit.RedisServer;
import io.peerhub.testkit.TestClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The ICE servers each peer is given (docs/protocol.md, "TURN credentials and their renewal"),
 * against a real server configured as an operator would with {@code --turn-secret}.
 */
@DisplayName("ICE servers and TURN credentials")
class IceServersTest {

    private static final String SECRET = "a-long-random-secret-shared-with-coturn";
    private static final List<String> TURN_URLS = List.of("turn:turn.example.org:3478?transport=udp", "turns:turn.example.org:5349");
    private static final IceServer STUN = IceServer.of("stun:stun.example.org:3478");
    private static final Duration TTL = Duration.ofMinutes(10);
    private static PeerhubServer server;

    @BeforeAll
    static void start() {
        server = PeerhubServer.start(minting(ServerConfig.loopback()).withResumeWindow(Duration.ofSeconds(5)));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static ServerConfig minting(ServerConfig config) {
        return config.withIceServers(List.of(STUN)).withTurn(new TurnConfig(SECRET, TURN_URLS, TTL));
    }

    @Test
    void each_peer_is_given_stun_and_turn_credentials_of_its_own_named_after_its_peer_id() {
        RoomKey room = RoomKey.generate();
        try (TestClient alice = TestClient.joined(server.webSocketUrl(), room, "Alice");
             TestClient bob = TestClient.joined(server.webSocketUrl(), room, "Bob")) {
            for (TestClient peer : List.of(alice, bob)) {
                Welcome welcome = peer.welcome();
                assertThat(welcome.iceServers()).hasSize(2);
                assertThat(welcome.iceServers().get(0)).as("STUN stays a plain entry").isEqualTo(STUN);
                assertMintedFor(welcome.iceServers().get(1), peer.id(), Instant.now());
                assertThat(welcome.iceTtlMs()).isBetween(TTL.toMillis() - 1_000, TTL.toMillis());
            }
            assertThat(alice.welcome().iceServers().get(1).credential())
                    .isNotEqualTo(bob.welcome().iceServers().get(1).credential());
        }
    }

    @Test
    void a_resumed_welcome_carries_credentials_minted_at_the_resume() {
        RoomKey room = RoomKey.generate();
        TestClient bob = TestClient.joined(server.webSocketUrl(), room, "Bob");
        IceServer first = bob.welcome().iceServers().get(1);
        long firstExpiry = expiryOf(first);
        // The username names whole seconds: past the next one, a fresh credential has a new name.
        await().atMost(Duration.ofSeconds(2)).until(() -> Instant.now().plus(TTL).getEpochSecond() > firstExpiry);
        bob.drop();
        await().atMost(TestClient.WAIT).until(() -> server.connectionCount() == 0);

        try (TestClient bobAgain = TestClient.connect(server.webSocketUrl())) {
            Welcome resumed = bobAgain.resume(room, "Bob", bob.welcome().resume());

            assertThat(resumed.resumed()).isTrue();
            IceServer fresh = resumed.iceServers().get(1);
            assertMintedFor(fresh, bob.id(), Instant.now());
            assertThat(expiryOf(fresh)).isGreaterThan(firstExpiry);
            assertThat(resumed.iceTtlMs()).isBetween(TTL.toMillis() - 1_000, TTL.toMillis());
        }
    }

    @Test
    void ice_renew_is_answered_with_fresh_credentials_for_the_same_peer() {
        try (TestClient alice = TestClient.joined(server.webSocketUrl(), RoomKey.generate(), "Alice")) {
            alice.send(new IceRenew());
            IceServers renewed = alice.await(IceServers.class);

            assertThat(renewed.iceServers().get(0)).isEqualTo(STUN);
            assertMintedFor(renewed.iceServers().get(1), alice.id(), Instant.now());
            assertThat(renewed.iceTtlMs()).isBetween(TTL.toMillis() - 1_000, TTL.toMillis());
        }
    }

    @Test
    void a_renewal_flood_is_refused_with_too_many_renewals_and_the_connection_stays_open() {
        try (TestClient alice = TestClient.joined(server.webSocketUrl(), RoomKey.generate(), "Alice")) {
            for (int i = 0; i <= Protocol.ICE_RENEW_BURST; i++) {
                alice.send(new IceRenew());
            }
            for (int i = 0; i < Protocol.ICE_RENEW_BURST; i++) {
                alice.await(IceServers.class);
            }
            ErrorMessage refused = alice.await(ErrorMessage.class);
            assertThat(refused.wireCode()).isEqualTo("too-many-renewals");
            assertThat(refused.ref()).isEqualTo("ice-renew");

            alice.send(new Ping());
            alice.await(Pong.class);
            assertThat(alice.has(IceServers.class)).as("the refused renewal got no servers").isFalse();
            assertThat(alice.isClosed()).isFalse();
        }
    }

    @Test
    void ice_renew_before_joining_is_not_joined_since_credentials_name_a_peer() {
        try (TestClient stranger = TestClient.connect(server.webSocketUrl())) {
            stranger.send(new IceRenew());
            assertThat(stranger.awaitError()).isEqualTo("not-joined");
            assertThat(stranger.has(IceServers.class)).isFalse();
        }
    }

    @Test
    void without_a_secret_the_static_servers_are_given_and_never_expire() {
        IceServer staticTurn = new IceServer(List.of("turn:turn.example.org:3478"), "shared", "password");
        try (PeerhubServer plain = PeerhubServer.start(ServerConfig.loopback().withIceServers(List.of(STUN, staticTurn)));
             TestClient alice = TestClient.joined(plain.webSocketUrl(), RoomKey.generate(), "Alice")) {
            assertThat(alice.welcome().iceServers()).containsExactly(STUN, staticTurn);
            assertThat(alice.welcome().iceTtlMs()).isNull();

            alice.send(new IceRenew());
            IceServers renewed = alice.await(IceServers.class);
            assertThat(renewed.iceServers()).containsExactly(STUN, staticTurn);
            assertThat(renewed.iceTtlMs()).isNull();
        }
    }

    @Test
    void a_peer_that_resumes_on_another_node_gets_credentials_minted_there_from_the_same_secret() {
        try (RedisServer redis = RedisServer.start()) {
            String prefix = "turn-" + System.nanoTime() + ":";
            ServerConfig shared = minting(ServerConfig.loopback()).withResumeWindow(Duration.ofSeconds(5));
            try (PeerhubServer a = PeerhubServer.start(shared.withCluster(ClusterConfig.standalone().withNodeId("a")
                         .withRedis(redis.uri(), prefix)));
                 PeerhubServer b = PeerhubServer.start(shared.withCluster(ClusterConfig.standalone().withNodeId("b")
                         .withRedis(redis.uri(), prefix)))) {
                RoomKey room = RoomKey.generate();
                TestClient bob = TestClient.joined(a.webSocketUrl(), room, "Bob");
                assertMintedFor(bob.welcome().iceServers().get(1), bob.id(), Instant.now());
                bob.drop();
                await().atMost(TestClient.WAIT).until(() -> a.connectionCount() == 0);

                try (TestClient bobOnB = TestClient.connect(b.webSocketUrl())) {
                    Welcome resumed = bobOnB.resume(room, "Bob", bob.welcome().resume());

                    assertThat(resumed.resumed()).isTrue();
                    assertThat(resumed.self().id()).isEqualTo(bob.id());
                    assertMintedFor(resumed.iceServers().get(1), bob.id(), Instant.now());
                    bobOnB.send(new IceRenew());
                    assertMintedFor(bobOnB.await(IceServers.class).iceServers().get(1), bob.id(), Instant.now());
                }
            }
        }
    }

    /**
     * A TURN entry as coturn's use-auth-secret checks it: the configured URLs, a username of
     * {@code <expiry>:<peer id>} expiring about a TTL after {@code now}, and a credential that is
     * the HMAC of the username under the shared secret (computed here on its own, not by the
     * server's code).
     */
    private static void assertMintedFor(IceServer turn, String peerId, Instant now) {
        assertThat(turn.urls()).isEqualTo(TURN_URLS);
        assertThat(turn.username()).matches("\\d+:" + peerId);
        assertThat(expiryOf(turn)).isBetween(now.plus(TTL).getEpochSecond() - 5, now.plus(TTL).getEpochSecond());
        assertThat(turn.credential()).isEqualTo(hmacSha1Base64(SECRET, turn.username()));
    }

    private static long expiryOf(IceServer turn) {
        return Long.parseLong(turn.username().substring(0, turn.username().indexOf(':')));
    }

    private static String hmacSha1Base64(String secret, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}
