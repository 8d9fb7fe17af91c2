package io.peerhub.server.signaling;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peerhub.protocol.ErrorCode;
import io.peerhub.protocol.Peer;
import io.peerhub.protocol.ProtocolException;
import io.peerhub.protocol.SignalTo;
import io.peerhub.server.metrics.SignalingMetrics;
import io.peerhub.server.presence.ClusterEvent;
import io.peerhub.server.presence.PeerRecord;
import io.peerhub.server.presence.PresenceStore;
import io.peerhub.server.presence.PresenceUnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the rooms tell the presence store and the other nodes. Methods marked "under the room's
 * lock" only start asynchronous work, so the lock is never held across a Redis round trip; the
 * others block (for at most the store's command timeout) and are called before taking it.
 */
final class ClusterLink {

    private static final Logger log = LoggerFactory.getLogger(ClusterLink.class);

    private final PresenceStore store;
    private final SignalingMetrics metrics;

    ClusterLink(PresenceStore store, SignalingMetrics metrics) {
        this.store = store;
        this.metrics = metrics;
    }

    String nodeId() {
        return store.nodeId();
    }

    PresenceStore store() {
        return store;
    }

    /** The room's peers on other nodes, or none when the store cannot say (the node carries on alone). */
    List<PeerRecord> othersIn(String roomId) {
        try {
            return othersInOrThrow(roomId);
        } catch (PresenceUnavailableException e) {
            log.debug("room {} seen from this node only: {}", LogFormat.room(roomId), e.getMessage());
            return List.of();
        }
    }

    /** The room's peers on every node, this one's included. */
    List<PeerRecord> inRoomOrThrow(String roomId) {
        return store.members(roomId);
    }

    /** The room's peers on other nodes. */
    List<PeerRecord> othersInOrThrow(String roomId) {
        List<PeerRecord> others = new ArrayList<>();
        for (PeerRecord p : store.members(roomId)) {
            if (!p.node().equals(nodeId())) {
                others.add(p);
            }
        }
        return others;
    }

    /** Moves the peer that {@code tokenHash} belongs to onto this node; empty if none, or if the store is down. */
    Optional<PeerRecord> claim(String roomId, String tokenHash, String newTokenHash) {
        try {
            return store.claim(roomId, tokenHash, newTokenHash).filter(p -> !p.node().equals(nodeId()));
        } catch (PresenceUnavailableException e) {
            return Optional.empty();
        }
    }

    /** A peer joined here. Under the room's lock. */
    void joined(Session session) {
        store.register(session.record(nodeId()));
        tellOthers(session.room(), new ClusterEvent.Joined(session.room().id(), session.peer(), nodeId()));
    }

    /** A peer resumed here: its new token is recorded. Under the room's lock. */
    void resumedHere(Session session) {
        store.register(session.record(nodeId()));
    }

    /** A peer that another node served resumed here. Under the room's lock. */
    void movedHere(Session session, String fromNode) {
        store.register(session.record(nodeId()));
        ClusterEvent moved = new ClusterEvent.Moved(session.room().id(), session.peer(), nodeId());
        Set<String> nodes = session.room().remoteNodes();
        nodes.add(fromNode);
        nodes.forEach(node -> store.publish(node, moved));
    }

    /** A peer renamed itself. Under the room's lock. */
    void renamed(Session session) {
        store.register(session.record(nodeId()));
        tellOthers(session.room(), new ClusterEvent.Updated(session.room().id(), session.peer()));
    }

    /** A peer left for good. Under the room's lock. */
    void left(Session session) {
        store.unregister(session.record(nodeId()));
        tellOthers(session.room(), new ClusterEvent.Left(session.room().id(), session.peerId()));
    }

    /**
     * Handshake data for a peer on another node. Under the room's lock.
     *
     * @param undelivered told why (later, on a store thread) when the store says the signal got nowhere
     * @throws ProtocolException {@code undeliverable} when the store is down: the peer cannot be reached now
     */
    void relay(Room room, String from, RemotePeer to, ObjectNode data, Consumer<String> undelivered) {
        if (!store.isAvailable()) {
            throw new ProtocolException(ErrorCode.UNDELIVERABLE,
                    "the peer's server cannot be reached now (the link between servers is down)", SignalTo.TYPE);
        }
        store.publish(to.node(), new ClusterEvent.Signal(room.id(), from, to.peer().id(), data, false, nodeId()))
                .whenComplete((delivered, failure) -> {
                    if (failure != null) {
                        undelivered.accept("the link to the peer's server failed");
                    } else if (!delivered) {
                        undelivered.accept("the peer's server is gone");
                    }
                });
        metrics.relayedRemote();
    }

    /** A signal for a peer that resumed on another node since the sender's node looked. */
    void forwardOnce(ClusterEvent.Signal signal, RemotePeer to) {
        store.publish(to.node(), new ClusterEvent.Signal(signal.room(), signal.from(), signal.to(), signal.data(), true,
                signal.fromNode()));
    }

    /** Hands signals held for a peer that resumed on {@code node} over to that node. */
    void forward(String roomId, Peer to, String node, List<io.peerhub.protocol.SignalFrom> held) {
        held.forEach(s -> store.publish(node, new ClusterEvent.Signal(roomId, s.from(), to.id(), s.data(), true, null)));
    }

    /** Tells the sender's node that its signal could not be delivered here ({@code code}: its error). */
    void undelivered(ClusterEvent.Signal signal, ErrorCode code) {
        if (signal.fromNode() != null && !signal.fromNode().equals(nodeId())) {
            store.publish(signal.fromNode(), new ClusterEvent.Undelivered(signal.room(), signal.from(), signal.to(), code.wire()));
        }
    }

    private void tellOthers(Room room, ClusterEvent event) {
        room.remoteNodes().forEach(node -> store.publish(node, event));
    }
}
