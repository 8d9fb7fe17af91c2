package io.peerhub.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/** Someone in my room renamed themselves. */
public record PeerUpdated(Peer peer) implements ServerMessage {

    public static final String TYPE = "peer-updated";

    public PeerUpdated {
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

    static PeerUpdated read(JsonFields in) {
        return new PeerUpdated(in.requiredNested("peer", Peer::read));
    }
}
