package io.peerhub.server.signaling;

import io.peerhub.protocol.Peer;
import io.peerhub.protocol.ServerMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The peers of one room, present and away. Its monitor is the room's lock: every method is called
 * with it held (see {@link RoomRegistry} for why a lock per room).
 */
final class Room {

    private final String id;
    private final Map<String, Session> sessions = new LinkedHashMap<>();
    private boolean closed;

    Room(String id) {
        this.id = id;
    }

    String id() {
        return id;
    }

    int size() {
        return sessions.size();
    }

    boolean isEmpty() {
        return sessions.isEmpty();
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
