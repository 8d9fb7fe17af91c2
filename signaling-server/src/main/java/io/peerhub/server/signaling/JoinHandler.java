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
import io.peerhub.server.cluster.PeerRecord;
import io.peerhub.server.cluster.TokenHash;
import io.peerhub.server.metrics.SignalingMetrics;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code join}: a fresh peer, the resume of an away (or replaced) one of this node, or the resume
 * of a peer another node served (it was killed, drained, or the client simply reconnected
 * elsewhere). The dispatcher has made sure that the connection is not in a room yet.
 */
final class JoinHandler implements MessageHandler<Join> {

    private static final Logger log = LoggerFactory.getLogger(JoinHandler.class);

    private final RoomRegistry registry;
    private final Departures departures;
    private final ClusterLink cluster;
    private final RemoteMembers remote;
    private final SignalingMetrics metrics;
    private final List<IceServer> iceServers;
    private final long heartbeatMs;
    private final int maxPeersPerRoom;
    private final Supplier<List<String>> otherServers;

    JoinHandler(RoomRegistry registry, Departures departures, ClusterLink cluster, RemoteMembers remote,
                SignalingMetrics metrics, Signaling.Settings settings, Supplier<List<String>> otherServers) {
        this.registry = registry;
        this.departures = departures;
        this.cluster = cluster;
        this.remote = remote;
        this.metrics = metrics;
        this.iceServers = List.copyOf(settings.iceServers());
        this.heartbeatMs = settings.heartbeatInterval().toMillis();
        this.maxPeersPerRoom = settings.maxPeersPerRoom();
        this.otherServers = otherServers;
    }

    @Override
    public void handle(Client client, Join join) {
        if (join.resume() != null && (resume(client, join) || resumeFromAnotherNode(client, join))) {
            return;
        }
        // Read before taking the room's lock: it may wait on Redis.
        List<PeerRecord> others = cluster.othersIn(join.room());
        registry.inRoom(join.room(), room -> {
            others.forEach(p -> remote.upsert(room, p.peer(), p.node()));
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
        cluster.joined(session);
        metrics.joined();
        log.info("join peer={} room={} kind={} peers={} resumed=false",
                session.peerId(), LogFormat.room(room.id()), join.kind(), room.size());
    }

    /**
     * Resumes the peer the token was issued for, if the token is current and for this room. False
     * means "not here: ask the other nodes". The room sees no leave and no join.
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
            cluster.resumedHere(session);
            metrics.resumed(false);
            log.info("join peer={} room={} kind={} peers={} resumed=true replaced={}",
                    session.peerId(), LogFormat.room(room.id()), join.kind(), room.size(), old != null);
            return true;
        }
    }

    /**
     * Takes over a peer another node served, if the store knows its token for this room: same id,
     * and the other nodes' members see at most a {@code peer-updated}. False means "join fresh".
     */
    private boolean resumeFromAnotherNode(Client client, Join join) {
        String token = Ids.newResumeToken();
        Optional<PeerRecord> claimed = cluster.claim(join.room(), TokenHash.of(join.resume()), TokenHash.of(token));
        if (claimed.isEmpty()) {
            return false;
        }
        PeerRecord was = claimed.get();
        List<PeerRecord> others = cluster.othersIn(join.room());
        registry.inRoom(join.room(), room -> {
            boolean knewIt = room.removeRemote(was.peerId()) != null;
            others.forEach(p -> remote.upsert(room, p.peer(), p.node()));
            Session session = new Session(was.peerId(), room, join.name(), join.kind());
            if (!client.attach(session)) {
                return null; // the connection closed meanwhile; the record expires unless it comes back
            }
            session.connect(client);
            room.add(session);
            registry.adoptResumeToken(session, token);
            client.send(welcome(session, token, true));
            if (!knewIt) {
                room.broadcast(new PeerJoined(session.peer()), session);
            } else if (!was.peer().name().equals(join.name())) {
                room.broadcast(new PeerUpdated(session.peer()), session);
            }
            cluster.movedHere(session, was.node());
            metrics.resumed(true);
            log.info("join peer={} room={} kind={} peers={} resumed=true from={}",
                    session.peerId(), LogFormat.room(room.id()), join.kind(), room.size(), was.node());
            return null;
        });
        return true;
    }

    private Welcome welcome(Session session, String token, boolean resumed) {
        return new Welcome(Protocol.VERSION, session.peer(), token, iceServers,
                session.room().peersExcept(session), heartbeatMs, resumed, otherServers.get());
    }
}
