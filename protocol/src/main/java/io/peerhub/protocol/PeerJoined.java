package io.peerhub.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/** Someone entered my room. */
public record PeerJoined(Peer peer) implements ServerMessage {

    public static final String TYPE = "peer-joined";

    public PeerJoined {
        Objects.requireNonNull(peer, "peer");
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public void writeFields(ObjectNode out) {
        peer.writeTo(out.putObject("peer"));
    }

    static PeerJoined read(JsonFields in) {
        return new PeerJoined(in.requiredNested("peer", Peer::read));
    }
}
