package io.peerhub.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The answer to a {@link Ping}, in either direction. */
public record Pong() implements ClientMessage, ServerMessage {

    public static final String TYPE = "pong";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public void writeFields(ObjectNode out) {}

    static Pong read(JsonFields in) {
        return new Pong();
    }
}
