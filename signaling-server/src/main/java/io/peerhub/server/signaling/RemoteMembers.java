package io.peerhub.server.signaling;

import io.peerhub.protocol.ErrorCode;
import io.peerhub.protocol.Peer;
import io.peerhub.protocol.PeerJoined;
import io.peerhub.protocol.PeerLeft;
import io.peerhub.protocol.PeerUpdated;
import io.peerhub.protocol.ProtocolException;
import io.peerhub.protocol.SignalTo;
import io.peerhub.protocol.SignalFrom;
import io.peerhub.server.metrics.SignalingMetrics;
import io.peerhub.server.presence.ClusterEvent;
import io.peerhub.server.presence.PeerRecord;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Keeps each local room's view of the peers other nodes serve, and tells this node's members when
 * that view changes. Fed by events from other nodes (fast) and by {@link PresenceSync} reading the
 * store (the truth, for what events missed: a Redis outage, a killed node). Events are applied on
 * the store's event thread, one at a time, each under its room's lock.
 */
final class RemoteMembers {

    private final RoomRegistry registry;
    private final Departures departures;
    private final ClusterLink cluster;
    private final ErrorReporter errors;
    private final SignalingMetrics metrics;

    RemoteMembers(RoomRegistry registry, Departures departures, ClusterLink cluster, ErrorReporter errors,
                  SignalingMetrics metrics) {
        this.registry = registry;
        this.departures = departures;
        this.cluster = cluster;
        this.errors = errors;
        this.metrics = metrics;
    }

    void apply(ClusterEvent event) {
        metrics.clusterEvent();
        long now = System.nanoTime();
        boolean here = registry.ifPresent(event.room(), room -> {
            String changed = changedPeer(event);
            if (changed != null) {
                room.noteRemoteEvent(changed, now);
            }
            if (event instanceof ClusterEvent.Signal s) {
                signal(room, s);
            } else if (event instanceof ClusterEvent.Undelivered u) {
                undelivered(room, u);
            } else if (event instanceof ClusterEvent.Joined j) {
                upsert(room, j.peer(), j.node());
            } else if (event instanceof ClusterEvent.Updated u) {
                RemotePeer known = room.remote(u.peer().id());
                if (known != null) {
                    upsert(room, u.peer(), known.node());
                }
            } else if (event instanceof ClusterEvent.Moved m) {
                upsert(room, m.peer(), m.node());
            } else if (event instanceof ClusterEvent.Left l) {
                drop(room, l.peerId());
            }
        });
        if (!here && event instanceof ClusterEvent.Signal s) {
            cluster.undelivered(s, ErrorCode.UNDELIVERABLE); // the peer's room has left this node with its last peer
        }
    }

    private static String changedPeer(ClusterEvent event) {
        if (event instanceof ClusterEvent.Joined j) {
            return j.peer().id();
        } else if (event instanceof ClusterEvent.Updated u) {
            return u.peer().id();
        } else if (event instanceof ClusterEvent.Moved m) {
            return m.peer().id();
        } else if (event instanceof ClusterEvent.Left l) {
            return l.peerId();
        }
        return null;
    }

    /**
     * What the store listed for the room, read from {@code readAtNanos} on: its peers on other nodes
     * are upserted and, with {@code mayDrop}, remote peers it no longer has leave. A peer an event
     * changed since the read began is left as the event made it: the read is older news (a peer
     * that joined while it ran would flicker out and in, one that left would come back for an
     * interval). A peer whose record names this node is not dropped either: it is being claimed here
     * (a resume from another node, between the claim in the store and its seat). Caller holds the
     * room's lock.
     */
    void fromStore(Room room, List<PeerRecord> listed, long readAtNanos, boolean mayDrop) {
        Set<String> inStore = new HashSet<>();
        for (PeerRecord p : listed) {
            inStore.add(p.peerId());
            if (!room.remoteEventSince(p.peerId(), readAtNanos)) {
                upsert(room, p.peer(), p.node());
            }
        }
        if (mayDrop) {
            for (RemotePeer r : room.remotes()) {
                if (!inStore.contains(r.peer().id()) && !room.remoteEventSince(r.peer().id(), readAtNanos)) {
                    drop(room, r.peer().id());
                }
            }
        }
    }

    /** A signal for a peer of this node; its sender's node hears when it cannot be delivered. Under the room's lock. */
    private void signal(Room room, ClusterEvent.Signal s) {
        Session target = room.get(s.to());
        RemotePeer moved = room.remote(s.to());
        if (target != null && !target.isGone()) {
            ProtocolException refused = target.deliverSignal(new SignalFrom(s.from(), s.data()));
            if (refused != null) {
                cluster.undelivered(s, refused.code());
            }
        } else if (moved != null && !s.forwarded()) {
            cluster.forwardOnce(s, moved);
        } else {
            cluster.undelivered(s, ErrorCode.UNDELIVERABLE);
        }
    }

    /** Another node could not deliver a signal of this node's peer: the peer is told. Under the room's lock. */
    private void undelivered(Room room, ClusterEvent.Undelivered u) {
        Session sender = room.get(u.from());
        Client client = sender == null ? null : sender.client();
        ErrorCode code = ErrorCode.fromWire(u.code()).orElse(ErrorCode.UNDELIVERABLE);
        if (client != null) {
            metrics.signalRefused(code);
            errors.send(client, new ProtocolException(code, code == ErrorCode.AWAY_FULL
                    ? "that peer is away and its server holds no more for it"
                    : "the peer left its server before the signal got there", SignalTo.TYPE));
        }
    }

    /**
     * Another node serves {@code peer} now. New to this node's members: they get {@code peer-joined};
     * renamed: {@code peer-updated}; only moved: nothing. If this node served it, it resumed
     * elsewhere: the session is handed over without a word to the room. Caller holds the room's lock.
     */
    void upsert(Room room, Peer peer, String node) {
        if (node.equals(cluster.nodeId())) {
            return;
        }
        Session local = room.get(peer.id());
        if (local != null) {
            handOver(local, node);
        }
        RemotePeer known = room.remote(peer.id());
        room.putRemote(new RemotePeer(peer, node));
        if (local != null) {
            return; // the room already knows this peer: it was here
        }
        if (known == null) {
            room.broadcast(new PeerJoined(peer), null);
        } else if (!known.peer().equals(peer)) {
            room.broadcast(new PeerUpdated(peer), null);
        }
    }

    /** A remote peer is gone for good: this node's members get {@code peer-left}. Caller holds the room's lock. */
    void drop(Room room, String peerId) {
        if (room.removeRemote(peerId) != null) {
            room.broadcast(new PeerLeft(peerId), null);
        }
    }

    /** The peer resumed on {@code node}: its old connection here is closed (4009) and its held signals follow it. */
    void handOver(Session session, String node) {
        Client old = session.client();
        List<SignalFrom> held = registry.handOver(session);
        if (old != null) {
            departures.replace(old, session.peerId());
        }
        if (node != null) {
            cluster.forward(session.room().id(), session.peer(), node, held);
        }
    }
}
