package io.peerhub.server.signaling;

import io.peerhub.protocol.ErrorCode;
import io.peerhub.protocol.IceServer;
import io.peerhub.protocol.Ids;
import io.peerhub.protocol.Join;
import io.peerhub.protocol.PeerJoined;
import io.peerhub.protocol.PeerUpdated;
import io.peerhub.protocol.Protocol;
import io.peerhub.protocol.ProtocolException;
import io.peerhub.protocol.Welcome;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code join}: a fresh peer, or the resume of an away (or replaced) one. The dispatcher has made
 * sure that the connection is not in a room yet.
 */
final class JoinHandler implements MessageHandler<Join> {

    private static final Logger log = LoggerFactory.getLogger(JoinHandler.class);

    private final RoomRegistry registry;
    private final Departures departures;
    private final List<IceServer> iceServers;
    private final long heartbeatMs;
    private final int maxPeersPerRoom;

    JoinHandler(RoomRegistry registry, Departures departures, List<IceServer> iceServers, long heartbeatMs,
                int maxPeersPerRoom) {
        this.registry = registry;
        this.departures = departures;
        this.iceServers = List.copyOf(iceServers);
        this.heartbeatMs = heartbeatMs;
        this.maxPeersPerRoom = maxPeersPerRoom;
    }

    @Override
    public void handle(Client client, Join join) {
        if (join.resume() != null && resume(client, join)) {
            return;
        }
        registry.inRoom(join.room(), room -> {
            joinFresh(client, join, room);
            return null;
        });
    }

    private void joinFresh(Client client, Join join, Room room) {
        if (room.size() >= maxPeersPerRoom) {
            throw new ProtocolException(ErrorCode.ROOM_FULL, "the room is full (" + maxPeersPerRoom + " peers)", Join.TYPE);
        }
        Session session = new Session(Ids.newPeerId(), room, join.name(), join.kind());
        if (!client.attach(session)) {
            return; // the connection closed meanwhile
        }
        session.connect(client);
        room.add(session);
        String token = registry.issueResumeToken(session);
        client.send(welcome(session, token, false));
        room.broadcast(new PeerJoined(session.peer()), session);
        log.info("join peer={} room={} kind={} peers={} resumed=false",
                session.peerId(), LogFormat.room(room.id()), join.kind(), room.size());
    }

    /**
     * Resumes the peer the token was issued for, if the token is current and for this room. False
     * means "join fresh instead". The room sees no leave and no join.
     */
    private boolean resume(Client client, Join join) {
        Session session = registry.byResumeToken(join.resume());
        if (session == null) {
            return false;
        }
        Room room = session.room();
        synchronized (room) {
            if (session.isGone() || !room.id().equals(join.room()) || !join.resume().equals(session.resumeToken())) {
                return false;
            }
            if (!client.attach(session)) {
                return true; // the connection closed meanwhile; the peer stays as it was
            }
            Client old = session.client();
            if (old != null) {
                departures.replace(old, session.peerId());
            }
            session.connect(client);
            String token = registry.issueResumeToken(session);
            boolean renamed = !session.name().equals(join.name());
            session.rename(join.name());
            client.send(welcome(session, token, true));
            session.flushHeld();
            if (renamed) {
                room.broadcast(new PeerUpdated(session.peer()), session);
            }
            log.info("join peer={} room={} kind={} peers={} resumed=true replaced={}",
                    session.peerId(), LogFormat.room(room.id()), join.kind(), room.size(), old != null);
            return true;
        }
    }

    private Welcome welcome(Session session, String token, boolean resumed) {
        return new Welcome(Protocol.VERSION, session.peer(), token, iceServers,
                session.room().peersExcept(session), heartbeatMs, resumed);
    }
}
