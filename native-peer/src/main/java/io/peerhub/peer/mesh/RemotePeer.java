package io.peerhub.peer.mesh;

import io.peerhub.protocol.ClientKind;
import io.peerhub.protocol.Peer;
import io.peerhub.protocol.peer.Hello;
import io.peerhub.protocol.peer.PeerCodec;
import io.peerhub.protocol.peer.PeerMessage;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Another peer in the room as the mesh knows it, on one connection: its signaling identity, its
 * device, its link, whether it proved itself there. A rebuilt connection is a new RemotePeer of
 * the same id (judged anew); whoever holds the old one finds it no longer connected.
 */
public final class RemotePeer {

    private static final PeerCodec CODEC = new PeerCodec();

    private volatile Peer peer;
    private volatile String device;
    private volatile String key;
    /**
     * Judged once per link, by whichever comes first: the hello (on the link's thread) or the
     * deadline (on the mesh's timer thread). A compare-and-set, so the two never both win.
     */
    private final AtomicReference<Trust> trust = new AtomicReference<>(Trust.VERIFYING);

    /** Whether the peer proved, on this connection, that it holds the room key and its device key. */
    public enum Trust { VERIFYING, VERIFIED, NOT_VERIFIED }
    private final Link link;
    private final boolean polite;
    /** The generation of its link: 0 for the first connection to this peer, one more per rebuild. */
    private final long gen;

    RemotePeer(Peer peer, Link link, boolean polite, long gen) {
        this.peer = peer;
        this.link = link;
        this.polite = polite;
        this.gen = gen;
    }

    public String id() {
        return peer.id();
    }

    public String name() {
        return peer.name();
    }

    public ClientKind kind() {
        return peer.kind();
    }

    /** The device id its verified {@code hello} proved (its device key's), or null before that. */
    public String device() {
        return device;
    }

    /** The device key its verified {@code hello} proved (base64url), or null before that. */
    public String key() {
        return key;
    }

    public Trust trust() {
        return trust.get();
    }

    public boolean verified() {
        return trust.get() == Trust.VERIFIED;
    }

    /** The ICE servers its connection uses now: the TURN credentials in force for it. */
    public java.util.List<io.peerhub.protocol.IceServer> iceServers() {
        return link.iceServers();
    }

    public boolean connected() {
        return link.state() == Link.State.CONNECTED && link.controlOpen();
    }

    /**
     * Whether we are the polite side toward this peer (our id sorts lower): we wait for its first
     * offer, and we open the channels both sides share (documents).
     */
    public boolean polite() {
        return polite;
    }

    /**
     * Sends a message on the control channel; false when it is not open, or when the peer is not
     * verified and the message is anything but our hello: nothing else goes to a peer that may be
     * a man in the middle.
     */
    public boolean send(PeerMessage message) {
        if (!verified() && !(message instanceof Hello)) {
            return false;
        }
        return link.send(CODEC.encode(message));
    }

    /** Bytes sent to the peer on the control channel that have not left this process yet. */
    public long bufferedAmount() {
        return link.controlBufferedAmount();
    }

    /** The largest message the peer accepts, capped at 256 KiB (the protocol's frame limit). */
    public int maxMessageSize() {
        return link.maxMessageSize();
    }

    /** Opens a data channel to the peer; blocks until it exists, so never on a link or channel thread. */
    public DataChannel openChannel(String label) {
        if (!verified()) {
            throw new IllegalStateException(this + " is not verified");
        }
        return link.openChannel(label);
    }

    /** How the connection to the peer runs now; empty when not known. */
    public CompletableFuture<Optional<ConnectionPath>> path() {
        return link.path();
    }

    Link link() {
        return link;
    }

    long gen() {
        return gen;
    }

    Peer peer() {
        return peer;
    }

    void peer(Peer updated) {
        this.peer = updated;
    }

    /** True when this hello is the judgement: the peer was still being verified. */
    boolean verified(String device, String key) {
        this.device = device; // first: whoever sees VERIFIED must see whose device it is
        this.key = key;
        if (trust.compareAndSet(Trust.VERIFYING, Trust.VERIFIED)) {
            return true;
        }
        this.device = null; // cut off meanwhile (its deadline passed)
        this.key = null;
        return false;
    }

    /** True when this is the judgement: the peer was still being verified. */
    boolean notVerified() {
        return trust.compareAndSet(Trust.VERIFYING, Trust.NOT_VERIFIED);
    }

    @Override
    public String toString() {
        return peer.name() + " (" + peer.id() + ")";
    }
}
