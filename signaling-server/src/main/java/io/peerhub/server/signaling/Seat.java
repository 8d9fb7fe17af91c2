package io.peerhub.server.signaling;

import io.peerhub.protocol.Peer;
import io.peerhub.server.metrics.SignalingMetrics;
import io.peerhub.server.presence.PeerRecord;

/**
 * Where a {@code join} sits down, as {@link JoinHandler} found it: a fresh peer, this node's own peer
 * coming back, or a peer another node served. What differs between them is said here; everything
 * they share is the one routine that seats them. Made and used under the room's lock.
 */
sealed interface Seat {

    /** The peer's session: a new one, not in the room yet, or the one it resumes. */
    Session session();

    /** The peer as the room's members know it already, or null when they have not heard of it. */
    Peer knownAs();

    /** The resume token its welcome hands out. */
    String token();

    /** Whether the peer comes back as itself (the welcome says so). */
    boolean resumed();

    /** Tells the presence store, and the other nodes that need to know. */
    void record(ClusterLink cluster);

    void count(SignalingMetrics metrics);

    /** How the {@code join} log line ends: how the peer came. */
    String how(boolean replaced);

    /** A new peer with a new id: the room hears that it joined. */
    record Fresh(Session session, String token) implements Seat {
        @Override
        public Peer knownAs() {
            return null;
        }

        @Override
        public boolean resumed() {
            return false;
        }

        @Override
        public void record(ClusterLink cluster) {
            cluster.joined(session);
        }

        @Override
        public void count(SignalingMetrics metrics) {
            metrics.joined();
        }

        @Override
        public String how(boolean replaced) {
            return "resumed=false";
        }
    }

    /**
     * This node's peer, away or speaking through another socket that this one replaces: the room
     * sees no leave and no join, only a {@code peer-updated} if it came back under another name.
     */
    record Resumed(Session session, Peer knownAs, String token) implements Seat {
        @Override
        public boolean resumed() {
            return true;
        }

        @Override
        public void record(ClusterLink cluster) {
            cluster.resumedHere(session);
        }

        @Override
        public void count(SignalingMetrics metrics) {
            metrics.resumed(false);
        }

        @Override
        public String how(boolean replaced) {
            return "resumed=true replaced=" + replaced;
        }
    }

    /**
     * A peer that another node served, handed to this node by the presence store under {@code token}
     * (made before the claim, since the store records its hash). Same id; this node's members hear of
     * it only if they did not list it as a remote peer ({@code knownAs} null).
     */
    record Claimed(Session session, PeerRecord was, Peer knownAs, String token) implements Seat {
        @Override
        public boolean resumed() {
            return true;
        }

        @Override
        public void record(ClusterLink cluster) {
            cluster.movedHere(session, was.node());
        }

        @Override
        public void count(SignalingMetrics metrics) {
            metrics.resumed(true);
        }

        @Override
        public String how(boolean replaced) {
            return "resumed=true from=" + was.node();
        }
    }
}
