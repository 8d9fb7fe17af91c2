package io.peerhub.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * Relay handshake data to the peer {@code to} in my room (wire type {@code signal}). The server
 * never looks inside {@code data}; it is re-emitted unchanged as {@link SignalFrom#data()}.
 * An id that is not a peer id at all is not refused here: to the sender it is the same
 * {@code unknown-peer} as any other id that is not in the room.
 */
public record SignalTo(String to, ObjectNode data) implements ClientMessage {

    public static final String TYPE = "signal";

    public SignalTo {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(data, "data");
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public void writeFields(ObjectNode out) {
        out.put("to", to);
        out.set("data", data);
    }

    static SignalTo read(JsonFields in) {
        return new SignalTo(in.requiredString("to"), in.requiredObject("data"));
    }
}
