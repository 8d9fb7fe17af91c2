package io.peerhub.peer.mesh;

import io.peerhub.protocol.IceServer;
import io.peerhub.protocol.peer.SignalData;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One connection to one other peer, with its control channel {@code peerhub}: what the mesh needs
 * from it. webrtc's is {@code rtc.PeerLink} (made by {@code RtcRuntime}); tests connect meshes
 * in one process with an in-memory one.
 */
public interface Link {

    enum State { CONNECTING, CONNECTED, DISCONNECTED, FAILED }

    /** What a link reports; called on the link's own worker thread, one event at a time. */
    interface Sink {
        /** Handshake data to relay to the peer through signaling (the mesh stamps its generation). */
        void signal(SignalData data);

        void controlOpen(Link link);

        void controlMessage(Link link, byte[] utf8);

        void state(Link link, State state);

        /** A channel the remote side opened; the sink owns it from now on. */
        void remoteChannel(Link link, DataChannel channel);
    }

    /** Makes the mesh's links. */
    interface Factory {
        Link open(String selfId, String peerId, List<IceServer> iceServers, Sink sink);

        /**
         * A link that offers at once even on the polite side: one we rebuild, which the peer learns
         * of only from our first offer (waiting for its offer would wait for nothing).
         */
        default Link openOffering(String selfId, String peerId, List<IceServer> iceServers, Sink sink) {
            return open(selfId, peerId, iceServers, sink);
        }
    }

    String peerId();

    State state();

    boolean controlOpen();

    /** The largest message the remote accepts, capped at 256 KiB (the protocol's frame limit). */
    int maxMessageSize();

    /**
     * The DTLS fingerprint(s) our local description announces, normalised as the hello binding
     * wants them ({@code HelloBinding.fingerprint}); null while there is no description.
     */
    String localFingerprint();

    /** The same for the remote description: the certificate the other end (or a relay) showed us. */
    String remoteFingerprint();

    /** Sends on the control channel; false when it is not open. */
    boolean send(String text);

    /** Bytes sent on the control channel that have not left this process yet. */
    default long controlBufferedAmount() {
        return 0;
    }

    /**
     * New ICE servers for this connection (renewed TURN credentials): the allocation it has keeps
     * working, and an ICE restart gathers with these. Returns at once; applied on the link's thread.
     */
    void useIceServers(List<IceServer> servers);

    /** The ICE servers the connection uses now (webrtc's own configuration, read back). */
    List<IceServer> iceServers();


    /** Handshake data the peer sent us through signaling, for this link's generation. */
    void handleSignal(SignalData data);

    /**
     * Gathers new ICE candidates on both sides (an offer with new credentials), keeping DTLS and
     * SCTP; false when the connection is closed and only a new link can help.
     */
    boolean restartIce();

    /**
     * Opens a data channel of ours (ordered, reliable). Blocks until it exists; never call it from
     * a channel's or link's own thread.
     */
    DataChannel openChannel(String label);

    /**
     * How the connection runs now (direct or relayed, candidate types, round trip), from its
     * stats; empty while it is not connected, and for a link without ICE (the in-memory one).
     */
    default CompletableFuture<Optional<ConnectionPath>> path() {
        return CompletableFuture.completedFuture(Optional.empty());
    }

    /** Closes every channel, then the connection. Blocks until done; idempotent. */
    void close();
}
