package io.peerhub.server.presence;

import io.peerhub.protocol.Peer;
import java.util.Objects;

/**
 * A peer as the presence store holds it: which room, who, which node serves its socket, and the
 * SHA-256 of its current resume token (the token itself, a bearer secret, never leaves the node
 * that issued it).
 */
public record PeerRecord(String room, Peer peer, String node, String tokenHash) {

    public PeerRecord {
        Objects.requireNonNull(room, "room");
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(tokenHash, "tokenHash");
    }

    public String peerId() {
        return peer.id();
    }
}
