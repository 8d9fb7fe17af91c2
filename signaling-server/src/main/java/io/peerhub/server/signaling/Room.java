package io.peerhub.server.signaling;

import io.peerhub.protocol.Peer;
import io.peerhub.protocol.ServerMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The peers of one room: this node's own (present and away, as {@link Session}s) and, in a
 * cluster, those other nodes serve ({@link RemotePeer}s). Its monitor is the room's lock: every
 * method is called with it held (see {@link RoomRegistry} for why a lock per room). A room exists
 * on a node only while that node has a peer of its own in it.
 */
final class Room {

    private final String id;
    private final Map<String, Session> sessions = new LinkedHashMap<>();
    private final Map<String, RemotePeer> remote = new LinkedHashMap<>();
    /**
     * When an event from another node last changed each remote peer (nanoTime): a read of the store
     * that began before it is older news, and must neither take the change back nor undo it.
     */
    private final Map<String, Long> remoteEvents = new java.util.HashMap<>();
    private boolean closed;

    Room(String id) {
        this.id = id;
    }

    String id() {
        return id;
    }

    /** Every peer, this node's and others'. */
    int size() {
        return sessions.size() + remote.size();
    }

    /** True when this node has no peer of its own here. */
    boolean isEmpty() {
        return sessions.isEmpty();
    }

    List<Session> sessions() {
        return List.copyOf(sessions.values());
    }

    RemotePeer remote(String peerId) {
        return remote.get(peerId);
    }

    List<RemotePeer> remotes() {
        return List.copyOf(remote.values());
    }

    void putRemote(RemotePeer peer) {
        remote.put(peer.peer().id(), peer);
    }

    RemotePeer removeRemote(String peerId) {
        return remote.remove(peerId);
    }

    void noteRemoteEvent(String peerId, long atNanos) {
        remoteEvents.put(peerId, atNanos);
    }

    /** Whether an event changed {@code peerId} after {@code readAtNanos}, when a read of the store began. */
    boolean remoteEventSince(String peerId, long readAtNanos) {
        Long at = remoteEvents.get(peerId);
        return at != null && at - readAtNanos >= 0;
    }

    /** Forgets events no read still in flight can predate. */
    void forgetRemoteEventsBefore(long nanos) {
        remoteEvents.values().removeIf(at -> at - nanos < 0);
    }

    /** The other nodes serving a peer of this room. */
    java.util.Set<String> remoteNodes() {
        java.util.Set<String> nodes = new java.util.LinkedHashSet<>();
        remote.values().forEach(r -> nodes.add(r.node()));
        return nodes;
    }

    Session get(String peerId) {
        return sessions.get(peerId);
    }

    void add(Session session) {
        sessions.put(session.peerId(), session);
    }

    void remove(Session session) {
        sessions.remove(session.peerId(), session);
    }

    /** Everyone but {@code self}, in the order they joined. */
    List<Peer> peersExcept(Session self) {
        List<Peer> peers = new ArrayList<>(sessions.size());
        for (Session s : sessions.values()) {
            if (s != self) {
                peers.add(s.peer());
            }
        }
        remote.values().forEach(r -> peers.add(r.peer()));
        return peers;
    }

    /** Sends to every present peer but {@code except}; away peers get the current list on resume. */
    void broadcast(ServerMessage message, Session except) {
        // A copy: a send that fails can close a socket, and its handling may come back to this room.
        for (Session s : List.copyOf(sessions.values())) {
            if (s != except) {
                s.deliver(message);
            }
        }
    }

    boolean isClosed() {
        return closed;
    }

    void markClosed() {
        closed = true;
    }
}
