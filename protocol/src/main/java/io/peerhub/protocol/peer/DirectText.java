package io.peerhub.protocol.peer;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A text to one peer ({@code Send text}): sent to that peer alone, shown by both as direct, and
 * never part of the room's history (it may be a code or an address meant for one person). The
 * fields follow {@code chat}'s rules.
 */
public record DirectText(String id, String text, long ts) implements PeerMessage {

    public static final String TYPE = "direct";

    public DirectText {
        new ChatMessage(id, text, ts); // the same field rules, and the same errors
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public void writeFields(ObjectNode out) {
        out.put("id", id);
        out.put("text", text);
        out.put("ts", ts);
    }

    static DirectText read(Fields in) {
        try {
            return new DirectText(in.string("id"), in.string("text"), in.integer("ts"));
        } catch (PeerProtocolException e) {
            throw new PeerProtocolException(e.getMessage().replace("chat.", "direct."));
        }
    }
}
