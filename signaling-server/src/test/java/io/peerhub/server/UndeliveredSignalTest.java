package io.peerhub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peerhub.protocol.ErrorMessage;
import io.peerhub.protocol.Ids;
import io.peerhub.protocol.PeerJoined;
import io.peerhub.protocol.PeerLeft;
import io.peerhub.protocol.SignalFrom;
import io.peerhub.protocol.SignalTo;
import io.peerhub.protocol.trust.RoomKey;
import io.peerhub.testkit.RedisServer;
import io.peerhub.testkit.TestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A signal that cannot be delivered is answered: its sender hears {@code away-full} or
 * {@code undeliverable} instead of waiting for an answer that cannot come. Nodes run in this JVM,
 * sharing a private Redis.
 */
@DisplayName("Signals that cannot be delivered")
class UndeliveredSignalTest {

    private static final Duration TTL = Duration.ofSeconds(3);
    private static RedisServer redis;
    private final List<AutoCloseable> open = new ArrayList<>();
    private final String prefix = "undelivered-" + Ids.newPeerId().substring(0, 8) + ":";

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) { // clients first, then their nodes
            open.get(i).close();
        }
    }

    private PeerhubServer node(AccessConfig access) {
        ServerConfig config = ServerConfig.loopback().withResumeWindow(Duration.ofMinutes(2)).withAccess(access)
                .withCluster(ClusterConfig.standalone().withRedis(redis.uri(), prefix).withPresenceTtl(TTL));
        PeerhubServer node = PeerhubServer.start(config);
        open.add(node);
        return node;
    }

    private PeerhubServer alone(AccessConfig access) {
        PeerhubServer node = PeerhubServer.start(ServerConfig.loopback().withResumeWindow(Duration.ofMinutes(2)).withAccess(access));
        open.add(node);
        return node;
    }

    private TestClient joined(PeerhubServer node, RoomKey room, String name) {
        TestClient client = TestClient.joined(node.webSocketUrl(), room, name);
        open.add(client);
        return client;
    }

    private static ObjectNode data(String sdp) {
        return JsonNodeFactory.instance.objectNode().put("sdp", sdp);
    }

    @Test
    void anAwayPeerHoldsAtMost64SignalsAndTheSenderHearsOfTheRest() {
        PeerhubServer node = alone(AccessConfig.defaults());
        RoomKey room = RoomKey.generate();
        TestClient alice = joined(node, room, "Alice");
        TestClient bob = joined(node, room, "Bob");
        alice.await(PeerJoined.class);
        bob.drop();
        await().until(() -> node.connectionCount() == 1);

        for (int i = 0; i < 65; i++) {
            alice.send(new SignalTo(bob.id(), data("n" + i)));
        }
        ErrorMessage refused = alice.await(ErrorMessage.class);
        assertThat(refused.code().wire()).isEqualTo("away-full");
        assertThat(refused.ref()).isEqualTo("signal");

        TestClient back = TestClient.connect(node.webSocketUrl());
        open.add(back);
        back.resume(room, "Bob", bob.welcome().resume());
        for (int i = 0; i < 64; i++) {
            assertThat(back.await(SignalFrom.class).data()).isEqualTo(data("n" + i));
        }
        assertThat(alice.inbox()).isEmpty();
    }

    @Test
    void anAwayPeerHoldsAtMost256KibAndTheNodeAtMostItsBudget() {
        // A budget of 600 KiB: two away peers fill it with 256 KiB each, the third gets 88 KiB.
        PeerhubServer node = alone(AccessConfig.defaults().withAwayLimits(32, 600 * 1024));
        RoomKey room = RoomKey.generate();
        TestClient alice = joined(node, room, "Alice");
        List<TestClient> away = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            away.add(joined(node, room, "Away " + i));
            alice.await(PeerJoined.class);
        }
        away.forEach(TestClient::drop);
        await().until(() -> node.connectionCount() == 1);
        String sdp = "x".repeat(40 * 1024);

        int[] held = new int[3];
        for (int p = 0; p < 3; p++) {
            for (int i = 0; i < 8; i++) {
                alice.send(new SignalTo(away.get(p).id(), data(sdp)));
                alice.send(new io.peerhub.protocol.Ping());
                if (alice.await(io.peerhub.protocol.ServerMessage.class) instanceof ErrorMessage e) {
                    assertThat(e.code().wire()).isEqualTo("away-full");
                    alice.await(io.peerhub.protocol.Pong.class);
                } else {
                    held[p]++;
                }
            }
        }
        // 40 KiB and a few bytes a frame: 6 fit under 256 KiB; the node's 600 KiB leaves the third peer 2.
        assertThat(held).containsExactly(6, 6, 2);
    }

    @Test
    void aDroppedSocketPastItsAddressesAwayLimitLeavesAtOnce() {
        PeerhubServer node = alone(AccessConfig.defaults().withAwayLimits(2, AccessConfig.DEFAULT_MAX_HELD_BYTES));
        RoomKey room = RoomKey.generate();
        TestClient alice = joined(node, room, "Alice");
        List<TestClient> others = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            others.add(joined(node, room, "Other " + i));
            alice.await(PeerJoined.class);
        }
        for (int i = 0; i < others.size(); i++) {
            others.get(i).drop();
            int left = others.size() - i;
            await().until(() -> node.connectionCount() == left); // one drop at a time: the order is known
        }
        // The first two are away, resumable, and their room is not told; the third leaves.
        assertThat(alice.await(PeerLeft.class).id()).isEqualTo(others.get(2).id());
        await().during(Duration.ofMillis(500)).until(() -> !alice.has(PeerLeft.class));
    }

    @Test
    void aSignalToAPeerOnAnotherNodeWhileRedisIsDownIsAnsweredUndeliverable() throws Exception {
        PeerhubServer a = node(AccessConfig.defaults());
        PeerhubServer b = node(AccessConfig.defaults());
        RoomKey room = RoomKey.generate();
        TestClient alice = joined(a, room, "Alice");
        TestClient bob = joined(b, room, "Bob");
        alice.await(PeerJoined.class);

        redis.stop();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> status(a, "/readyz") == 503);
            alice.send(new SignalTo(bob.id(), data("offer")));

            ErrorMessage refused = alice.await(ErrorMessage.class);
            assertThat(refused.code().wire()).isEqualTo("undeliverable");
            assertThat(refused.ref()).isEqualTo("signal");
            assertThat(bob.inbox()).isEmpty();
        } finally {
            redis.startAgain();
        }
    }

    @Test
    void aSignalToAPeerWhoseNodeIsGoneIsAnsweredUndeliverable() {
        PeerhubServer a = node(AccessConfig.defaults());
        PeerhubServer b = node(AccessConfig.defaults());
        RoomKey room = RoomKey.generate();
        TestClient alice = joined(a, room, "Alice");
        TestClient bob = joined(b, room, "Bob");
        alice.await(PeerJoined.class);

        b.close(); // drains: Bob's record stays for the TTL, for him to resume elsewhere; nobody listens for him
        alice.send(new SignalTo(bob.id(), data("offer")));

        assertThat(alice.awaitError()).isEqualTo("undeliverable");
    }

    @Test
    void aSignalToAnAwayPeerOfAnotherNodeThatHoldsNoMoreIsAnsweredAwayFull() {
        PeerhubServer a = node(AccessConfig.defaults());
        PeerhubServer b = node(AccessConfig.defaults());
        RoomKey room = RoomKey.generate();
        TestClient alice = joined(a, room, "Alice");
        TestClient bob = joined(b, room, "Bob");
        alice.await(PeerJoined.class);
        bob.drop();
        await().until(() -> b.connectionCount() == 0);

        for (int i = 0; i < 65; i++) {
            alice.send(new SignalTo(bob.id(), data("n" + i)));
        }

        assertThat(alice.awaitError()).isEqualTo("away-full");
        await().during(Duration.ofMillis(300)).until(() -> !alice.has(ErrorMessage.class));
    }

    private static int status(PeerhubServer node, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(node.baseUrl() + path)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
