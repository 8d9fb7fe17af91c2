package io.peerhub.peer.mesh;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peerhub.protocol.IceServer;
import java.util.List;

/**
 * One connection to one other peer, with its control channel {@code peerhub}: what the mesh needs
 * from it. webrtc's is {@code rtc.PeerLink} (made by {@code RtcRuntime}); tests connect meshes
 * in one process with an in-memory one.
 */
public interface Link {

    enum State { CONNECTING, CONNECTED, DISCONNECTED, FAILED }

    /** What a link reports; called on the link's own worker thread, one event at a time. */
    interface Sink {
        /** Handshake data to relay to the peer through signaling. */
        void signal(ObjectNode data);

        void controlOpen(Link link);

        void controlMessage(Link link, byte[] utf8);

        void state(Link link, State state);

        /** A channel the remote side opened; the sink owns it from now on. */
        void remoteChannel(Link link, DataChannel channel);
    }

    /** Makes the mesh's links. */
    interface Factory {
        Link open(String selfId, String peerId, List<IceServer> iceServers, Sink sink);
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

    /** Handshake data the peer sent us through signaling. */
    void handleSignal(ObjectNode data);

    /**
     * Opens a data channel of ours (ordered, reliable). Blocks until it exists; never call it from
     * a channel's or link's own thread.
     */
    DataChannel openChannel(String label);

    /** Closes every channel, then the connection. Blocks until done; idempotent. */
    void close();
}
