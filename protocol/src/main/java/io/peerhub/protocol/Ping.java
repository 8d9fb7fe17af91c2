package io.peerhub.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Heartbeat, in either direction; answered by {@link Pong}. */
public record Ping() implements ClientMessage, ServerMessage {

    public static final String TYPE = "ping";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public void writeFields(ObjectNode out) {}

    static Ping read(JsonFields in) {
        return new Ping();
    }
}
