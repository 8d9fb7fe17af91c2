package io.peerhub.protocol.peer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peerhub.protocol.trust.DeviceKey;

/**
 * A chat message to the room: {@code id} unique per sender, {@code text} 1–4,000 code points,
 * {@code ts} ms since epoch. {@code name} and {@code sig} come together or not at all: the name the
 * sender went by and its signature over the entry (docs/protocol.md "Chat history"), which lets
 * the message be kept and relayed as history. Without them it is shown, never kept.
 */
public record ChatMessage(String id, String text, long ts, String name, String sig) implements PeerMessage {

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
        if ((name == null) != (sig == null)) {
            throw new PeerProtocolException("chat.name and chat.sig come together");
        }
    }

    /** An unsigned message (what a peer without history sends). */
    public ChatMessage(String id, String text, long ts) {
        this(id, text, ts, null, null);
    }

    /** The message that carries {@code entry}. */
    public static ChatMessage of(ChatEntry entry) {
        return new ChatMessage(entry.id(), entry.text(), entry.ts(), entry.name(), entry.sig());
    }

    public boolean signed() {
        return sig != null;
    }

    /**
     * The history entry this message is, signed by the device key its sender proved in hello
     * ({@code deviceKey}, base64url); null when unsigned. The signature is not checked here.
     */
    public ChatEntry entry(String deviceKey) {
        return sig == null ? null : new ChatEntry(id, ts, name, text, deviceKey, sig);
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
        if (sig != null) {
            out.put("name", name);
            out.put("sig", sig);
        }
    }

    static ChatMessage read(Fields in) {
        ChatMessage unsigned = new ChatMessage(in.string("id"), in.string("text"), in.integer("ts"));
        if (in.absent("name") && in.absent("sig")) {
            return unsigned;
        }
        String name = in.string("name");
        String sig = in.canonicalBase64Url("sig", DeviceKey.SIGNATURE_LENGTH);
        ChatEntry.checkName(name, "chat");
        return new ChatMessage(unsigned.id(), unsigned.text(), unsigned.ts(), name, sig);
    }
}
