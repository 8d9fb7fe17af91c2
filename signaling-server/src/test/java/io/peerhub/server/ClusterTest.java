package io.peerhub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peerhub.protocol.ErrorMessage;
import io.peerhub.protocol.Ids;
import io.peerhub.protocol.Leave;
import io.peerhub.protocol.PeerJoined;
import io.peerhub.protocol.PeerLeft;
import io.peerhub.protocol.PeerUpdated;
import io.peerhub.protocol.Rename;
import io.peerhub.protocol.SignalFrom;
import io.peerhub.protocol.SignalTo;
import io.peerhub.protocol.Welcome;
import io.peerhub.protocol.trust.RoomKey;
import io.peerhub.testkit.RedisServer;
import io.peerhub.testkit.ServerProcess;
import io.peerhub.testkit.TestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Server nodes in separate processes sharing a private Redis: what users on different nodes see,
 * and what they do not see when a node is killed, drained, or Redis restarts.
 */
@DisplayName("A cluster of nodes")
class ClusterTest {

    /** Short, so that a killed node's peers leave within a test's patience. */
    private static final Duration TTL = Duration.ofSeconds(3);
    private static RedisServer redis;
    private final List<AutoCloseable> open = new ArrayList<>();
    private final String prefix = "test-" + Ids.newPeerId().substring(0, 8) + ":";

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
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private ServerProcess node(String name) {
        ServerProcess node = ServerProcess.fromClassPath(name + "-" + prefix.substring(5, 13), ServerProcess.SMALL_JVM,
                ServerProcess.sharing(redis.uri(), prefix, TTL));
        open.add(node);
        return node;
    }

    private TestClient joined(ServerProcess node, RoomKey room, String name) {
        TestClient client = TestClient.joined(node.webSocketUrl(), room, name);
        open.add(client);
        return client;
    }

    private static ObjectNode data(String text) {
        return JsonNodeFactory.instance.objectNode().put("sdp", text);
    }

    @Test
    void peersOnDifferentNodesSeeEachOtherAndExchangeSignals() {
        ServerProcess a = node("a");
        ServerProcess b = node("b");
        RoomKey room = RoomKey.generate();
        TestClient alice = joined(a, room, "Alice");
        TestClient bob = joined(b, room, "Bob");

        assertThat(bob.welcome().peers()).containsExactly(alice.welcome().self());
        assertThat(alice.await(PeerJoined.class).peer()).isEqualTo(bob.welcome().self());

        alice.send(new SignalTo(bob.id(), data("offer")));
        assertThat(bob.await(SignalFrom.class)).isEqualTo(new SignalFrom(alice.id(), data("offer")));
        bob.send(new SignalTo(alice.id(), data("answer")));
        assertThat(alice.await(SignalFrom.class)).isEqualTo(new SignalFrom(bob.id(), data("answer")));

        bob.send(new Rename("Robert"));
        assertThat(alice.await(PeerUpdated.class).peer().name()).isEqualTo("Robert");
        bob.send(new Leave());
        assertThat(alice.await(PeerLeft.class).id()).isEqualTo(bob.id());
    }

    @Test
    void aRoomSpansThreeNodesAndEveryoneSeesEveryJoinOnce() {
        ServerProcess a = node("a");
        ServerProcess b = node("b");
        ServerProcess c = node("c");
        RoomKey room = RoomKey.generate();
        TestClient alice = joined(a, room, "Alice");
        TestClient bob = joined(b, room, "Bob");
        TestClient carol = joined(c, room, "Carol");

        assertThat(carol.welcome().peers()).containsExactlyInAnyOrder(alice.welcome().self(), bob.welcome().self());
        assertThat(alice.await(PeerJoined.class).peer().name()).isEqualTo("Bob");
        assertThat(alice.await(PeerJoined.class).peer().name()).isEqualTo("Carol");
        assertThat(bob.await(PeerJoined.class).peer().name()).isEqualTo("Carol");
        alice.send(new SignalTo(carol.id(), data("a→c")));
        carol.send(new SignalTo(bob.id(), data("c→b")));
        assertThat(carol.await(SignalFrom.class).data()).isEqualTo(data("a→c"));
        assertThat(bob.await(SignalFrom.class).data()).isEqualTo(data("c→b"));
        await().during(TTL).atMost(TTL.multipliedBy(2)).until(() ->
                !alice.has(PeerJoined.class) && !bob.has(PeerJoined.class) && !carol.has(PeerJoined.class));
    }

    @Test
    void welcomeNamesTheOtherNodesForClientsToTryWhenTheyReconnect() {
        ServerProcess a = node("a");
        ServerProcess b = node("b");
        await().atMost(TTL).until(() -> {
            try (TestClient c = TestClient.joined(a.webSocketUrl(), RoomKey.generate(), "Probe")) {
                return c.welcome().servers().equals(List.of(b.webSocketUrl()));
            }
        });
    }

    @Test
    void aKilledNodesClientsResumeElsewhereWithTheirIdsAndItsOtherPeersLeaveWithinTheTtl() {
        ServerProcess a = node("a");
        ServerProcess b = node("b");
        RoomKey room = RoomKey.generate();
        TestClient alice = joined(a, room, "Alice");
        TestClient carol = joined(a, room, "Carol");
        TestClient bob = joined(b, room, "Bob");
        alice.await(PeerJoined.class);
        String aliceToken = alice.welcome().resume();

        a.kill();
        alice.awaitClose();
        carol.awaitClose(); // and Carol never comes back

        TestClient aliceAgain = TestClient.connect(b.webSocketUrl());
        open.add(aliceAgain);
        Welcome welcome = aliceAgain.resume(room, "Alice", aliceToken);
        assertThat(welcome.resumed()).isTrue();
        assertThat(welcome.self().id()).isEqualTo(alice.id());
        assertThat(welcome.peers()).contains(bob.welcome().self());

        bob.send(new SignalTo(alice.id(), data("still here?")));
        assertThat(aliceAgain.await(SignalFrom.class).from()).isEqualTo(bob.id());
        assertThat(b.body("/metrics")).contains("peerhub_resumes_total{from=\"remote\"} 1.0",
                "peerhub_signals_relayed_total{path=\"local\"} 1.0");

        Duration converged = TTL.plus(TTL); // the TTL, then at most one refresh interval and the reconcile grace
        assertThat(await().atMost(converged).until(() -> bob.await(PeerLeft.class), l -> true).id()).isEqualTo(carol.id());
        assertThat(aliceAgain.await(PeerLeft.class).id()).isEqualTo(carol.id());
        assertThat(bob.inbox()).noneMatch(m -> m instanceof PeerLeft || m instanceof PeerJoined);
    }

    @Test
    void aRedisRestartChangesNothingUsersSeeButTheReadinessFlag() {
        ServerProcess a = node("a");
        ServerProcess b = node("b");
        RoomKey room = RoomKey.generate();
        TestClient alice = joined(a, room, "Alice");
        TestClient dave = joined(a, room, "Dave");
        TestClient bob = joined(b, room, "Bob");
        alice.await(PeerJoined.class);
        alice.await(PeerJoined.class);
        dave.await(PeerJoined.class);
        assertThat(a.status("/readyz")).isEqualTo(200);

        redis.stop();
        await().atMost(Duration.ofSeconds(10)).until(() -> a.status("/readyz") == 503 && b.status("/readyz") == 503);
        assertThat(a.body("/readyz")).contains("\"reason\":\"redis unreachable\"");
        assertThat(a.body("/metrics")).contains("peerhub_redis_up 0.0").containsPattern("peerhub_redis_errors_total [1-9]");
        alice.send(new SignalTo(dave.id(), data("local")));
        assertThat(dave.await(SignalFrom.class).from()).isEqualTo(alice.id());
        // Twice the presence TTL without Redis (every record would have expired), and nobody is told anything.
        await().during(TTL.plus(TTL)).atMost(TTL.multipliedBy(3))
                .until(() -> a.status("/readyz") == 503 && !bob.has(PeerLeft.class) && !alice.has(PeerLeft.class));

        redis.startAgain();
        await().atMost(Duration.ofSeconds(15)).until(() -> a.status("/readyz") == 200 && b.status("/readyz") == 200);
        await().atMost(TTL.multipliedBy(2)).pollInterval(Duration.ofMillis(200)).until(() -> {
            bob.send(new SignalTo(alice.id(), data("across again")));
            return alice.has(SignalFrom.class);
        });
        TestClient eve = joined(b, room, "Eve");
        await().atMost(TTL).until(() -> bob.has(PeerJoined.class));
        assertThat(eve.welcome().peers()).extracting(p -> p.id())
                .containsExactlyInAnyOrder(alice.id(), dave.id(), bob.id());
        // Beyond the reconcile grace, had anyone's presence been lost, it would show.
        await().during(TTL).atMost(TTL.multipliedBy(2))
                .until(() -> !alice.has(PeerLeft.class) && !dave.has(PeerLeft.class) && !bob.has(PeerLeft.class));
        for (TestClient c : List.of(alice, dave)) {
            assertThat(c.inbox()).noneMatch(m -> m instanceof PeerLeft || m instanceof ErrorMessage);
            assertThat(c.inbox()).filteredOn(m -> m instanceof PeerJoined).hasSize(1); // Eve
        }
        assertThat(bob.inbox()).noneMatch(m -> m instanceof PeerLeft || m instanceof ErrorMessage);
    }

    @Test
    void aDrainingNodeSendsItsClientsToAnotherWhereTheyResume() {
        ServerProcess a = node("a");
        ServerProcess b = node("b");
        RoomKey room = RoomKey.generate();
        TestClient alice = joined(a, room, "Alice");
        TestClient bob = joined(b, room, "Bob");
        alice.await(PeerJoined.class);

        a.terminate();
        assertThat(alice.awaitError()).isEqualTo("draining");
        assertThat(alice.awaitClose()).isEqualTo(1012);

        TestClient aliceAgain = TestClient.connect(b.webSocketUrl());
        open.add(aliceAgain);
        Welcome welcome = aliceAgain.resume(room, "Alice", alice.welcome().resume());
        assertThat(welcome.resumed()).isTrue();
        assertThat(welcome.self().id()).isEqualTo(alice.id());
        await().during(TTL.plus(TTL)).atMost(TTL.multipliedBy(3)).until(() -> bob.inbox().isEmpty());
    }
}
