package io.peerhub.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** I am leaving on purpose (page closed); the room is told at once. */
public record Leave() implements ClientMessage {

    public static final String TYPE = "leave";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public void writeFields(ObjectNode out) {}

    static Leave read(JsonFields in) {
        return new Leave();
    }
}
