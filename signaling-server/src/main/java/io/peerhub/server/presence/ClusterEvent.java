package io.peerhub.server.presence;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peerhub.protocol.Peer;

/**
 * What one node tells another through the presence store. Every event names its room; the
 * receiving node applies it to its own members of that room only.
 */
public sealed interface ClusterEvent {

    String room();

    /** A peer entered the room on node {@code node}. */
    record Joined(String room, Peer peer, String node) implements ClusterEvent {}

    /** A peer left the room for good. */
    record Left(String room, String peerId) implements ClusterEvent {}

    /** A peer renamed itself. */
    record Updated(String room, Peer peer) implements ClusterEvent {}

    /**
     * A peer resumed on node {@code node}: whoever served it before drops its session without telling
     * the room (the peer never left), and everyone else now routes its signals to {@code node}.
     */
    record Moved(String room, Peer peer, String node) implements ClusterEvent {}

    /**
     * Handshake data from {@code from} for {@code to}, a peer on the receiving node. A node that
     * finds the peer gone elsewhere (it resumed there a moment ago) forwards it once, marked
     * {@code forwarded}, so two nodes with stale views never pass it back and forth. A node that
     * cannot deliver it tells {@code fromNode}, the sender's node ({@link Undelivered}); null when
     * a node of an older version sent it.
     */
    record Signal(String room, String from, String to, ObjectNode data, boolean forwarded, String fromNode)
            implements ClusterEvent {}

    /**
     * A signal from {@code from} to {@code to} could not be delivered: {@code code} is the wire code
     * of the error its sender gets ({@code undeliverable}: the peer left; {@code away-full}).
     */
    record Undelivered(String room, String from, String to, String code) implements ClusterEvent {}
}
