package io.peerhub.protocol.peer;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A chat message: {@code id} unique per sender, {@code text} 1–4,000 code points, {@code ts} ms since epoch. */
public record ChatMessage(String id, String text, long ts) implements PeerMessage {

    public static final String TYPE = "chat";

    public ChatMessage {
        if (id == null || id.isEmpty() || id.length() > Transfers.MAX_CHAT_ID_CHARS) {
            throw new PeerProtocolException("chat.id must be 1-" + Transfers.MAX_CHAT_ID_CHARS + " characters");
        }
        if (text == null || text.isEmpty()
                || text.codePointCount(0, text.length()) > Transfers.MAX_CHAT_CODE_POINTS) {
            throw new PeerProtocolException("chat.text must be 1-" + Transfers.MAX_CHAT_CODE_POINTS + " code points");
        }
        if (ts < 0 || ts > Transfers.MAX_SAFE_INTEGER) {
            throw new PeerProtocolException("chat.ts must be an integer from 0 to 2^53 - 1");
        }
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

    static ChatMessage read(Fields in) {
        return new ChatMessage(in.string("id"), in.string("text"), in.integer("ts"));
    }
}
