package io.peerhub.server.signaling;

import io.peerhub.protocol.ClientKind;
import io.peerhub.protocol.Peer;
import io.peerhub.protocol.ServerMessage;
import io.peerhub.protocol.SignalFrom;
import io.peerhub.server.presence.PeerRecord;
import io.peerhub.server.presence.TokenHash;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A peer in a room. It is present (a {@link Client} speaks for it) or away (its socket dropped and
 * it may resume within the window). Every mutable field is guarded by its room's lock.
 */
final class Session {

    /** Signals held for an away peer; the spec's bound, so an away peer cannot pin memory. */
    static final int MAX_HELD_SIGNALS = 64;

    private final String peerId;
    private final Room room;
    private final ClientKind kind;
    private String name;
    private Client client;
    private String resumeToken;
    private String tokenHash;
    private boolean gone;
    private long awayEpoch;
    private final Deque<SignalFrom> held = new ArrayDeque<>();

    Session(String peerId, Room room, String name, ClientKind kind) {
        this.peerId = peerId;
        this.room = room;
        this.name = name;
        this.kind = kind;
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
    }

    /** The socket dropped: the peer is away. Returns the epoch that identifies this absence. */
    long goAway() {
        client = null;
        return ++awayEpoch;
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
        List<SignalFrom> taken = new ArrayList<>(held);
        held.clear();
        return taken;
    }

    boolean isGone() {
        return gone;
    }

    void markGone() {
        gone = true;
        client = null;
        held.clear();
    }

    void deliver(ServerMessage message) {
        if (client != null) {
            client.send(message);
        }
    }

    /**
     * Relays a signal, or holds it while the peer is away. Past the bound the newest are dropped:
     * the first ones carry the description, which later candidates are useless without.
     */
    void deliverSignal(SignalFrom signal) {
        if (client != null) {
            client.send(signal);
        } else if (held.size() < MAX_HELD_SIGNALS) {
            held.add(signal);
        }
    }

    /** Sends the signals held while away, in order. */
    void flushHeld() {
        while (client != null && !held.isEmpty()) {
            client.send(held.poll());
        }
    }
}
