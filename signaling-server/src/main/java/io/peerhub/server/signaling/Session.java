package io.peerhub.server.signaling;

import io.peerhub.protocol.ClientKind;
import io.peerhub.protocol.Peer;
import io.peerhub.protocol.ProtocolException;
import io.peerhub.protocol.ServerMessage;
import io.peerhub.protocol.SignalFrom;
import io.peerhub.server.presence.PeerRecord;
import io.peerhub.server.presence.TokenHash;
import java.util.List;

/**
 * A peer in a room. It is present (a {@link Client} speaks for it) or away (its socket dropped and
 * it may resume within the window). Every mutable field is guarded by its room's lock.
 */
final class Session {

    private final String peerId;
    private final Room room;
    private final ClientKind kind;
    private String name;
    private Client client;
    private String resumeToken;
    private String tokenHash;
    private boolean gone;
    private long awayEpoch;
    /** Gives back the away place its address took (see AddressLimits), once the peer is back or gone. */
    private Runnable awayPlace;
    private final HeldSignals held;

    Session(String peerId, Room room, String name, ClientKind kind, HeldSignals held) {
        this.peerId = peerId;
        this.room = room;
        this.name = name;
        this.kind = kind;
        this.held = held;
    }

    String peerId() {
        return peerId;
    }

    Room room() {
        return room;
    }

    Peer peer() {
        return new Peer(peerId, name, kind);
    }

    String name() {
        return name;
    }

    void rename(String name) {
        this.name = name;
    }

    Client client() {
        return client;
    }

    /** True while the session is in its room and {@code c} speaks for it. */
    boolean isSpokenForBy(Client c) {
        return !gone && client == c;
    }

    void connect(Client c) {
        client = c;
        giveBackAwayPlace();
    }

    /**
     * The socket dropped: the peer is away, in a place of its address that {@code awayPlace} gives
     * back. Returns the epoch that identifies this absence.
     */
    long goAway(Runnable awayPlace) {
        client = null;
        giveBackAwayPlace();
        this.awayPlace = awayPlace;
        return ++awayEpoch;
    }

    private void giveBackAwayPlace() {
        if (awayPlace != null) {
            awayPlace.run();
            awayPlace = null;
        }
    }

    boolean isAwaySince(long epoch) {
        return !gone && client == null && awayEpoch == epoch;
    }

    String resumeToken() {
        return resumeToken;
    }

    void resumeToken(String token) {
        resumeToken = token;
        tokenHash = TokenHash.of(token);
    }

    /** The SHA-256 of the current resume token: what the presence store knows of it. */
    String tokenHash() {
        return tokenHash;
    }

    /** This session as the presence store records it. */
    PeerRecord record(String node) {
        return new PeerRecord(room.id(), peer(), node, tokenHash);
    }

    /** Takes the signals held while away, for another node to deliver (the peer resumed there). */
    List<SignalFrom> takeHeld() {
        return held.takeAll();
    }

    boolean isGone() {
        return gone;
    }

    void markGone() {
        gone = true;
        client = null;
        held.clear();
        giveBackAwayPlace();
    }

    void deliver(ServerMessage message) {
        if (client != null) {
            client.send(message);
        }
    }

    /**
     * Relays a signal, or holds it while the peer is away. Returns null, or the refusal for the
     * sender when the peer is away and no more is held for it: past the bound the newest are
     * refused, since the first ones carry the description, which later candidates are useless without.
     */
    ProtocolException deliverSignal(SignalFrom signal) {
        if (client != null) {
            client.send(signal);
            return null;
        }
        return held.add(signal);
    }

    /** Sends the signals held while away, in order. */
    void flushHeld() {
        while (client != null && !held.isEmpty()) {
            client.sendFrame(held.poll());
        }
    }
}
