package io.peerhub.server.signaling;

import io.peerhub.protocol.ErrorCode;
import io.peerhub.protocol.Ids;
import io.peerhub.protocol.Join;
import io.peerhub.protocol.Peer;
import io.peerhub.protocol.PeerJoined;
import io.peerhub.protocol.PeerUpdated;
import io.peerhub.protocol.Protocol;
import io.peerhub.protocol.ProtocolException;
import io.peerhub.protocol.Welcome;
import io.peerhub.protocol.policy.HubPolicy;
import io.peerhub.server.metrics.SignalingMetrics;
import io.peerhub.server.presence.PeerRecord;
import io.peerhub.server.presence.TokenHash;
import io.peerhub.server.turn.IceServerIssuer;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code join}: a fresh peer, the resume of an away (or replaced) one of this node, or the resume
 * of a peer another node served (it was killed, drained, or the client simply reconnected
 * elsewhere). It finds the {@link Seat} first, then {@link #seat} seats every kind the same way.
 * The dispatcher has made sure that the connection is not in a room yet.
 */
final class JoinHandler implements MessageHandler<Join> {

    private static final Logger log = LoggerFactory.getLogger(JoinHandler.class);

    private final RoomRegistry registry;
    private final Departures departures;
    private final ClusterLink cluster;
    private final RemoteMembers remote;
    private final SignalingMetrics metrics;
    private final IceServerIssuer ice;
    private final long heartbeatMs;
    private final int maxPeersPerRoom;
    private final Supplier<List<String>> otherServers;
    private final Supplier<HeldSignals> heldSignals;
    private final Supplier<HubPolicy> policy;
    private final ProofThrottle proofs = new ProofThrottle(System::nanoTime);

    JoinHandler(RoomRegistry registry, Departures departures, ClusterLink cluster, RemoteMembers remote,
                SignalingMetrics metrics, Signaling.Settings settings, Supplier<List<String>> otherServers,
                Supplier<HeldSignals> heldSignals, Supplier<HubPolicy> policy) {
        this.registry = registry;
        this.departures = departures;
        this.cluster = cluster;
        this.remote = remote;
        this.metrics = metrics;
        this.ice = settings.ice();
        this.heartbeatMs = settings.heartbeatInterval().toMillis();
        this.maxPeersPerRoom = settings.maxPeersPerRoom();
        this.otherServers = otherServers;
        this.heldSignals = heldSignals;
        this.policy = policy;
    }

    @Override
    public void handle(Client client, Join join) {
        if (proofs.throttled(client.address())) {
            metrics.joinRefused(ErrorCode.PROOF_THROTTLED);
            throw new ProtocolException(ErrorCode.PROOF_THROTTLED,
                    "too many wrong room keys from this address; try again in a minute", Join.TYPE);
        }
        if (!join.admits()) {
            // Only hashing: a node needs no record of the room to tell a right key from a wrong one.
            proofs.wrong(client.address());
            metrics.joinRefused(ErrorCode.BAD_PROOF);
            throw new ProtocolException(ErrorCode.BAD_PROOF, "this is not the key of that room", Join.TYPE);
        }
        if (join.resume() != null && resumedHere(client, join)) {
            return;
        }
        // Both may wait on Redis: asked before taking the room's lock.
        String claimToken = join.resume() == null ? null : Ids.newResumeToken();
        Optional<PeerRecord> claimed = claimToken == null ? Optional.empty()
                : cluster.claim(join.room(), TokenHash.of(join.resume()), TokenHash.of(claimToken));
        long readAt = System.nanoTime();
        List<PeerRecord> others = cluster.othersIn(join.room());
        registry.inRoom(join.room(), room -> {
            // Before the others are listed again: whether the room knew the claimed peer decides what it hears.
            Seat seat = claimed.map(was -> claimedSeat(room, join, was, claimToken)).orElse(null);
            remote.fromStore(room, others, readAt, false);
            seat(client, join, room, seat != null ? seat : freshSeat(room, join));
            return null;
        });
    }

    /**
     * Seats the peer the token was issued for, if the token is current and for this room. False
     * means "not here: ask the other nodes".
     */
    private boolean resumedHere(Client client, Join join) {
        Session session = registry.byResumeToken(join.resume());
        if (session == null) {
            return false;
        }
        Room room = session.room();
        synchronized (room) {
            if (session.isGone() || !room.id().equals(join.room()) || !join.resume().equals(session.resumeToken())) {
                return false;
            }
            seat(client, join, room, new Seat.Resumed(session, session.peer(), Ids.newResumeToken()));
            return true;
        }
    }

    private Seat freshSeat(Room room, Join join) {
        // Counted after the other nodes' peers are listed: a room is full across the cluster.
        if (room.size() >= maxPeersPerRoom) {
            throw new ProtocolException(ErrorCode.ROOM_FULL, "the room is full (" + maxPeersPerRoom + " peers)", Join.TYPE);
        }
        return new Seat.Fresh(new Session(Ids.newPeerId(), room, join.name(), join.kind(), heldSignals.get()), Ids.newResumeToken());
    }

    private Seat claimedSeat(Room room, Join join, PeerRecord was, String token) {
        boolean listed = room.removeRemote(was.peerId()) != null;
        Session session = new Session(was.peerId(), room, join.name(), join.kind(), heldSignals.get());
        return new Seat.Claimed(session, was, listed ? was.peer() : null, token);
    }

    /** The one way a peer takes its seat, whichever seat it is. Caller holds the room's lock. */
    private void seat(Client client, Join join, Room room, Seat seat) {
        Session session = seat.session();
        if (!client.attach(session)) {
            // The connection closed meanwhile: a resumed peer stays as it was, a claimed record
            // expires unless the peer comes back.
            return;
        }
        Client replaced = session.client();
        if (replaced != null) {
            departures.replace(replaced, session.peerId());
        }
        session.connect(client);
        room.add(session); // a resumed session is in already: adding it again changes nothing
        registry.adoptResumeToken(session, seat.token());
        session.rename(join.name());
        client.send(welcome(session, seat.token(), seat.resumed()));
        session.flushHeld();
        Peer known = seat.knownAs();
        if (known == null) {
            room.broadcast(new PeerJoined(session.peer()), session);
        } else if (!known.name().equals(session.name())) {
            room.broadcast(new PeerUpdated(session.peer()), session);
        }
        seat.record(cluster);
        seat.count(metrics);
        log.info("join peer={} room={} kind={} peers={} {}",
                session.peerId(), LogFormat.room(room.id()), join.kind(), room.size(), seat.how(replaced != null));
    }

    /** Fresh or resumed, here or on another node: every welcome carries credentials minted for this peer now. */
    private Welcome welcome(Session session, String token, boolean resumed) {
        IceServerIssuer.Grant grant = ice.issue(session.peerId());
        return new Welcome(Protocol.VERSION, session.peer(), token, grant.servers(),
                session.room().peersExcept(session), heartbeatMs, resumed, otherServers.get(), grant.ttlMs(),
                policy.get());
    }
}
