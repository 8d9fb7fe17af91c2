package io.peerhub.peer.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.peerhub.peer.PeerNode;
import io.peerhub.peer.Stage;
import io.peerhub.peer.mesh.DeviceIdentity;
import io.peerhub.peer.mesh.Mesh;
import io.peerhub.peer.mesh.RemotePeer;
import io.peerhub.peer.rtc.RtcRuntime;
import io.peerhub.protocol.ClientKind;
import io.peerhub.protocol.IceServer;
import io.peerhub.server.PeerhubServer;
import io.peerhub.server.ServerConfig;
import io.peerhub.server.TurnConfig;
import io.peerhub.testkit.Ports;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The Java peer keeps its TURN credentials fresh as the browser does: through a real server that
 * mints them and real webrtc-java connections that take them. Only the renewal rule is shortened
 * (seconds, not 80 % of a minute or more); the messages and the links are the real ones.
 */
@DisplayName("Java peer TURN credential renewal")
class IceRenewalTest {

    private static final String SECRET = "a-long-random-secret-shared-with-coturn";
    /** Nothing listens there: the peers connect directly on this machine, the TURN entry is only carried. */
    private static final String TURN_URL = "turn:127.0.0.1:" + Ports.free() + "?transport=udp";
    private static final Duration RENEW_AFTER = Duration.ofMillis(1200); // past a second: a new username each time
    private static RtcRuntime rtc;
    private static PeerhubServer server;

    @BeforeAll
    static void start() {
        rtc = new RtcRuntime();
        server = PeerhubServer.start(ServerConfig.loopback()
                .withTurn(new TurnConfig(SECRET, List.of(TURN_URL), Duration.ofMinutes(1))));
    }

    @AfterAll
    static void stop() {
        server.close();
        rtc.close();
    }

    @Test
    void the_standard_rule_renews_at_80_percent_of_the_lifetime_and_never_within_20_seconds() {
        IceRenewal standard = IceRenewal.standard();
        assertThat(standard.delayFor(Duration.ofHours(1))).isEqualTo(Duration.ofMinutes(48));
        assertThat(standard.delayFor(Duration.ofMinutes(1))).isEqualTo(Duration.ofSeconds(48));
        assertThat(standard.delayFor(Duration.ofMillis(1))).isEqualTo(Duration.ofSeconds(20));
        assertThat(IceRenewal.after(RENEW_AFTER).delayFor(Duration.ofHours(1))).isEqualTo(RENEW_AFTER);
    }

    @Test
    void renewed_credentials_reach_the_live_connection_and_every_new_one() throws Exception {
        RoomAddress room = Stage.address(server, Stage.newRoom());
        Mesh alice = new Mesh(rtc, "Alice", DeviceIdentity.generate(), room.key());
        SignalingClient aliceSignaling = new SignalingClient(room, "Alice", ClientKind.NATIVE, alice,
                IceRenewal.after(RENEW_AFTER));
        alice.signalVia(aliceSignaling::signal);
        try (PeerNode bob = node(room, "Bob")) {
            aliceSignaling.start();
            RemotePeer bobSeenByAlice = connectedPeer(alice, "Bob");
            IceServer first = turnEntry(bobSeenByAlice);
            assertMintedFor(first, alice.selfId());

            // The renewal's answer is set on the connection that is up (read back from webrtc).
            IceServer renewed = awaitNewCredentials(bobSeenByAlice, first);
            assertMintedFor(renewed, alice.selfId());
            assertThat(expiryOf(renewed)).isGreaterThan(expiryOf(first));
            assertThat(bobSeenByAlice.connected()).as("the live connection stays up").isTrue();

            // A connection made after it starts with the renewed credentials, not the welcome's.
            try (PeerNode carol = node(room, "Carol")) {
                IceServer carolsFirst = turnEntry(connectedPeer(alice, "Carol"));
                assertMintedFor(carolsFirst, alice.selfId());
                assertThat(expiryOf(carolsFirst)).isGreaterThanOrEqualTo(expiryOf(renewed));

                // And the answer's lifetime schedules the next renewal: again, on both connections.
                IceServer again = awaitNewCredentials(bobSeenByAlice, renewed);
                assertMintedFor(again, alice.selfId());
                awaitNewCredentials(connectedPeer(alice, "Carol"), carolsFirst);
            }
        } finally {
            aliceSignaling.close();
            alice.close();
        }
    }

    private static PeerNode node(RoomAddress room, String name) {
        return new PeerNode(rtc, false, room, name, ClientKind.NATIVE, DeviceIdentity.generate(), (p, c) -> { },
                Duration.ofMinutes(1)).start();
    }

    private static RemotePeer connectedPeer(Mesh mesh, String name) {
        return await().atMost(Duration.ofSeconds(20)).until(
                () -> mesh.peers().stream().filter(p -> p.name().equals(name) && p.connected()).findFirst(),
                Optional::isPresent).orElseThrow();
    }

    private static IceServer awaitNewCredentials(RemotePeer peer, IceServer before) {
        return await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> turnEntry(peer), now -> !now.username().equals(before.username()));
    }

    /** The TURN entry of the connection's configuration as webrtc holds it now. */
    private static IceServer turnEntry(RemotePeer peer) {
        List<IceServer> servers = peer.iceServers();
        assertThat(servers).hasSize(1);
        return servers.get(0);
    }

    private static void assertMintedFor(IceServer turn, String peerId) {
        assertThat(turn.urls()).containsExactly(TURN_URL);
        assertThat(turn.username()).matches("\\d+:" + peerId);
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
