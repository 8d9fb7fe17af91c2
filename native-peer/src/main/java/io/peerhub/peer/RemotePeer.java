package io.peerhub.peer;

import io.peerhub.protocol.ClientKind;
import io.peerhub.protocol.Peer;
import io.peerhub.protocol.peer.PeerCodec;
import io.peerhub.protocol.peer.PeerMessage;

/** Another peer in the room as the mesh knows it: its signaling identity, its device, its link. */
public final class RemotePeer {

    private static final PeerCodec CODEC = new PeerCodec();

    private volatile Peer peer;
    private volatile String device;
    private final PeerLink link;

    RemotePeer(Peer peer, PeerLink link) {
        this.peer = peer;
        this.link = link;
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

    /** The {@code device} id from the peer's {@code hello}, or null. */
    public String device() {
        return device;
    }

    public boolean connected() {
        return link.state() == PeerLink.State.CONNECTED && link.controlOpen();
    }

    /** Sends a message on the control channel; false when it is not open. */
    public boolean send(PeerMessage message) {
        return link.send(CODEC.encode(message));
    }

    PeerLink link() {
        return link;
    }

    void peer(Peer updated) {
        this.peer = updated;
    }

    void device(String device) {
        this.device = device;
    }

    @Override
    public String toString() {
        return peer.name() + " (" + peer.id() + ")";
    }
}
