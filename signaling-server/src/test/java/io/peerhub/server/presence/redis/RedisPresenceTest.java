package io.peerhub.server.presence.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.peerhub.protocol.ClientKind;
import io.peerhub.protocol.Ids;
import io.peerhub.protocol.Peer;
import io.peerhub.protocol.trust.RoomKey;
import io.peerhub.server.presence.ClusterEvent;
import io.peerhub.server.presence.PeerRecord;
import io.peerhub.server.presence.PresenceUnavailableException;
import io.peerhub.server.presence.TokenHash;
import io.peerhub.testkit.Ports;
import io.peerhub.testkit.RedisServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Presence in Redis")
class RedisPresenceTest {

    private static final Duration TTL = Duration.ofSeconds(1);
    private static RedisServer redis;
    private RedisPresence a;
    private RedisPresence b;
    private final String room = RoomKey.generate().roomId();

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    private RedisPresence node(String id, String prefix) {
        return new RedisPresence(new RedisSettings(redis.uri(), false, prefix, TTL, Duration.ofSeconds(1)), id,
                "ws://" + id + ".example.org/ws");
    }

    private void twoNodes() {
        String prefix = "t-" + Ids.newPeerId().substring(0, 8) + ":";
        a = node("a", prefix);
        b = node("b", prefix);
    }

    @AfterEach
    void close() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
    }

    private PeerRecord peer(String node, String name, String token) {
        return new PeerRecord(room, new Peer(Ids.newPeerId(), name, ClientKind.BROWSER), node, TokenHash.of(token));
    }

    @Test
    void aPeerRegisteredOnOneNodeIsAMemberForEveryNode() {
        twoNodes();
        PeerRecord alice = peer("a", "Alice", "t1");
        a.register(alice);
        await().atMost(TTL).until(() -> b.members(room).equals(List.of(alice)));
    }

    @Test
    void aPeerWhoseNodeStopsRefreshingExpiresWithTheTtlAndARefreshKeepsItAlive() {
        twoNodes();
        PeerRecord alice = peer("a", "Alice", "t1");
        PeerRecord bob = peer("a", "Bob", "t2");
        a.register(alice);
        a.register(bob);
        await().atMost(TTL).until(() -> b.members(room).size() == 2);
        await().atMost(TTL.multipliedBy(3)).pollInterval(TTL.dividedBy(4)).until(() -> {
            a.refresh(List.of(alice)); // Bob's node forgot him: he is not refreshed
            return b.members(room).equals(List.of(alice));
        });
    }

    @Test
    void aClaimMovesThePeerToTheClaimingNodeOnceAndTheOldNodesRefreshLetsItGo() {
        twoNodes();
        PeerRecord alice = peer("a", "Alice", "old");
        a.register(alice);
        await().atMost(TTL).until(() -> !b.members(room).isEmpty());

        PeerRecord was = b.claim(room, TokenHash.of("old"), TokenHash.of("new")).orElseThrow();
        assertThat(was.node()).isEqualTo("a");
        assertThat(was.peer()).isEqualTo(alice.peer());
        assertThat(a.claim(room, TokenHash.of("old"), TokenHash.of("other"))).isEmpty();
        assertThat(b.claim(RoomKey.generate().roomId(), TokenHash.of("new"), TokenHash.of("x"))).isEmpty();

        assertThat(a.refresh(List.of(alice))).containsExactly(alice.peerId());
        assertThat(b.members(room)).extracting(PeerRecord::node).containsExactly("b");
    }

    @Test
    void eventsReachTheNodeTheyAreAddressedToWithSignalDataUnchanged() {
        twoNodes();
        List<ClusterEvent> received = new CopyOnWriteArrayList<>();
        b.onEvent(received::add);
        var data = JsonNodeFactory.instance.objectNode().put("n", new java.math.BigDecimal("1.50")).put("s", "ü\u2028");
        ClusterEvent signal = new ClusterEvent.Signal(room, "from", "to", data, true, "a");
        ClusterEvent moved = new ClusterEvent.Moved(room, new Peer("p", "Pé", ClientKind.NATIVE), "b");
        a.publish("b", signal);
        a.publish("b", moved);
        a.publish("a", new ClusterEvent.Left(room, "p")); // to itself, not to b
        await().atMost(TTL).until(() -> received.size() == 2);
        assertThat(received).containsExactly(signal, moved);
    }

    @Test
    void withRedisDownCallsFailAtOnceAndNothingIsQueuedAndItRecoversByItself() {
        RedisServer own = RedisServer.start();
        try (RedisPresence node = new RedisPresence(
                new RedisSettings(own.uri(), false, "t:", TTL, Duration.ofSeconds(1)), "solo", null)) {
            PeerRecord alice = peer("solo", "Alice", "t");
            node.register(alice);
            own.stop();
            await().atMost(Duration.ofSeconds(5)).until(() -> !node.isAvailable());
            long start = System.nanoTime();
            assertThatThrownBy(() -> node.members(room)).isInstanceOf(PresenceUnavailableException.class);
            node.publish("other", new ClusterEvent.Left(room, "x")); // dropped and counted, not queued
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));
            assertThat(node.errorCount()).isPositive();

            own.startAgain(); // empty: a restart without persistence
            await().atMost(Duration.ofSeconds(5)).until(node::isAvailable);
            node.refresh(List.of(alice));
            assertThat(node.members(room)).containsExactly(alice);
        } finally {
            own.close();
        }
    }

    @Test
    void aNodeStartsWhileRedisIsDownAndConnectsWhenItComes() {
        int port = Ports.free();
        try (RedisPresence node = new RedisPresence(new RedisSettings("redis://127.0.0.1:" + port, false, "t:", TTL,
                Duration.ofSeconds(1)), "early", null)) {
            assertThat(node.isAvailable()).isFalse();
            assertThatThrownBy(() -> node.members(room)).isInstanceOf(PresenceUnavailableException.class);
            try (RedisServer late = RedisServer.start(port)) {
                await().atMost(Duration.ofSeconds(5)).until(node::isAvailable);
                assertThat(node.members(room)).isEmpty();
            }
        }
    }
}
