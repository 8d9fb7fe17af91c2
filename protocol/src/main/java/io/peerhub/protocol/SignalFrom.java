package io.peerhub.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/** Handshake data from the peer {@code from} in my room (wire type {@code signal}). */
public record SignalFrom(String from, ObjectNode data) implements ServerMessage {

    public static final String TYPE = "signal";

    public SignalFrom {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(data, "data");
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public void writeFields(ObjectNode out) {
        out.put("from", from);
        out.set("data", data);
    }

    static SignalFrom read(JsonFields in) {
        return new SignalFrom(in.requiredPeerId("from"), in.requiredObject("data"));
    }
}
