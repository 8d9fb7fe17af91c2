package io.peerhub.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** One signaling frame: a JSON object whose {@code type} names the message. */
public sealed interface Message permits ClientMessage, ServerMessage {

    /** The wire {@code type}. */
    String type();

    /** Writes every field but {@code type} into {@code out}. */
    void writeFields(ObjectNode out);
}
