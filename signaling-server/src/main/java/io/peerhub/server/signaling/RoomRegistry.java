package io.peerhub.server.signaling;

import io.peerhub.protocol.PeerLeft;
import io.peerhub.protocol.SignalFrom;
import io.peerhub.server.metrics.SignalingMetrics;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rooms this node has peers in, and the resume tokens of its peers. Other nodes' peers of
 * these rooms are kept in each {@link Room} by {@link RemoteMembers}.
 *
 * <p>Concurrency: Jetty calls handlers concurrently across connections. Each room has its own lock
 * (its monitor), held for the whole of any change to it, including the sends the change causes, so
 * every member sees one order of events. Sends only enqueue, so the lock is never held across
 * network I/O. A lock per room rather than one executor for all rooms keeps busy rooms from
 * delaying each other on two cores, and no operation ever holds two rooms' locks, so there is no
 * lock order to get wrong. A room leaves the map when its last peer (away ones included) leaves;
 * {@link #inRoom} retries when it raced with that removal.
 */
public final class RoomRegistry {

    private static final Logger log = LoggerFactory.getLogger(RoomRegistry.class);

    private final ConcurrentHashMap<String, Room> rooms = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Session> byResumeToken = new ConcurrentHashMap<>();
    private final ClusterLink cluster;
    private final SignalingMetrics metrics;

    RoomRegistry(ClusterLink cluster, SignalingMetrics metrics) {
        this.cluster = cluster;
        this.metrics = metrics;
    }

    /** Runs {@code action} with the room's lock held if this node has the room; false if it has not. */
    boolean ifPresent(String roomId, Consumer<Room> action) {
        Room room = rooms.get(roomId);
        if (room == null) {
            return false;
        }
        synchronized (room) {
            if (room.isClosed()) {
                return false;
            }
            try {
                action.accept(room);
            } finally {
                closeIfEmpty(room);
            }
            return true;
        }
    }

    /** The ids of the rooms this node has peers in, at this moment. */
    List<String> roomIds() {
        return List.copyOf(rooms.keySet());
    }

    /** Runs {@code action} with the room's lock held, creating the room if needed. */
    <T> T inRoom(String roomId, Function<Room, T> action) {
        while (true) {
            Room room = rooms.computeIfAbsent(roomId, Room::new);
            synchronized (room) {
                if (room.isClosed()) {
                    continue; // emptied and removed since we looked it up
                }
                try {
                    return action.apply(room);
                } finally {
                    closeIfEmpty(room);
                }
            }
        }
    }

    /** The session a resume token was issued for, if that token is current. */
    Session byResumeToken(String token) {
        return token == null ? null : byResumeToken.get(token);
    }

    /** Gives the session {@code token}, retiring its old one. Caller holds the room's lock. */
    String adoptResumeToken(Session session, String token) {
        String old = session.resumeToken();
        if (old != null) {
            byResumeToken.remove(old, session);
        }
        session.resumeToken(token);
        byResumeToken.put(token, session);
        return token;
    }

    /**
     * The peer resumed on another node: it leaves this node without leaving its room, so nobody is
     * told. Returns the signals held for it, for that node. Caller holds the room's lock.
     */
    List<SignalFrom> handOver(Session session) {
        if (session.isGone()) {
            return List.of();
        }
        List<SignalFrom> held = session.takeHeld();
        Room room = session.room();
        session.markGone();
        room.remove(session);
        byResumeToken.remove(session.resumeToken(), session);
        closeIfEmpty(room);
        log.info("leave peer={} room={} reason=moved peers={}", session.peerId(), LogFormat.room(room.id()), room.size());
        return held;
    }

    /**
     * Takes the peer out of its room for good and tells the room. Caller holds the room's lock.
     * The only place a peer leaves, so the only place the leave line is logged.
     */
    void remove(Session session, LeaveReason reason) {
        if (session.isGone()) {
            return;
        }
        Room room = session.room();
        session.markGone();
        room.remove(session);
        byResumeToken.remove(session.resumeToken(), session);
        room.broadcast(new PeerLeft(session.peerId()), session);
        cluster.left(session);
        metrics.left(reason.toString());
        closeIfEmpty(room);
        log.info("leave peer={} room={} reason={} peers={}",
                session.peerId(), LogFormat.room(room.id()), reason, room.size());
    }

    public int roomCount() {
        return rooms.size();
    }

    private void closeIfEmpty(Room room) {
        if (room.isEmpty() && !room.isClosed()) {
            room.markClosed();
            rooms.remove(room.id(), room);
        }
    }
}
