package io.peerhub.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/** Someone left my room: closed, timed out, or their resume window ran out. */
public record PeerLeft(String id) implements ServerMessage {

    public static final String TYPE = "peer-left";

    public PeerLeft {
        Objects.requireNonNull(id, "id");
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public void writeFields(ObjectNode out) {
        out.put("id", id);
    }

    static PeerLeft read(JsonFields in) {
        return new PeerLeft(in.requiredPeerId("id"));
    }
}
