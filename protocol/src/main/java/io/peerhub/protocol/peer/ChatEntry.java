package io.peerhub.protocol.peer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peerhub.protocol.DisplayName;
import io.peerhub.protocol.trust.ChatBinding;
import io.peerhub.protocol.trust.DeviceKey;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;

/**
 * One entry of a room's chat history (docs/protocol.md "Chat history"): a room message as its
 * sender signed it. {@code key} is the sender's device key and {@code sig} its Ed25519 signature
 * over {@link ChatBinding}, so whoever relays the entry cannot change its sender, name, time or
 * text. The fields are checked here; the signature, the clock and the room by whoever keeps it
 * ({@link #signatureHolds}). {@code device} is always the key's device id.
 */
public record ChatEntry(String id, long ts, String name, String text, String key, String sig, String device) {

    /** The one order every peer shows history in: time, then device id, then message id. */
    public static final Comparator<ChatEntry> ORDER = Comparator.comparingLong(ChatEntry::ts)
            .thenComparing(ChatEntry::device).thenComparing(ChatEntry::id);

    public ChatEntry {
        if (id == null || id.isEmpty() || id.length() > Transfers.MAX_CHAT_ID_CHARS) {
            throw new PeerProtocolException("entry id must be 1-" + Transfers.MAX_CHAT_ID_CHARS + " characters");
        }
        if (ts < 0 || ts > Transfers.MAX_SAFE_INTEGER) {
            throw new PeerProtocolException("entry ts must be an integer from 0 to 2^53 - 1");
        }
        checkName(name, "entry");
        if (text == null || text.isEmpty() || text.length() > 2 * Transfers.MAX_CHAT_CODE_POINTS
                || text.codePointCount(0, text.length()) > Transfers.MAX_CHAT_CODE_POINTS) {
            throw new PeerProtocolException("entry text must be 1-" + Transfers.MAX_CHAT_CODE_POINTS + " code points");
        }
        if (key == null || key.length() != DeviceKey.PUBLIC_KEY_LENGTH || sig == null || sig.length() != DeviceKey.SIGNATURE_LENGTH) {
            throw new PeerProtocolException("entry key and sig must be base64url of 43 and 86 characters");
        }
        // Derived once (sorting compares it often); never taken from outside.
        device = DeviceKey.deviceId(Base64.getUrlDecoder().decode(key));
    }

    /** An entry; {@code device} is derived from {@code key}. */
    public ChatEntry(String id, long ts, String name, String text, String key, String sig) {
        this(id, ts, name, text, key, sig, null);
    }

    /** A name as signaling would have passed it: trimmed already, 1–64 code points, visible. */
    static void checkName(String name, String what) {
        boolean ok = name != null && name.equals(DisplayName.normalize(name));
        if (ok) {
            try {
                DisplayName.check(name, "chat");
            } catch (io.peerhub.protocol.ProtocolException e) {
                ok = false;
            }
        }
        if (!ok) {
            throw new PeerProtocolException(what + " name must be a display name");
        }
    }

    /** Signs a new entry with a device key: what a sender keeps and sends. */
    public static ChatEntry signed(String roomId, String id, long ts, String name, String text, byte[] deviceKey,
                                   java.util.function.UnaryOperator<byte[]> signer) {
        byte[] sig = signer.apply(ChatBinding.bytes(roomId, id, ts, name, text, deviceKey));
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return new ChatEntry(id, ts, name, text, b64.encodeToString(deviceKey), b64.encodeToString(sig));
    }

    public byte[] keyBytes() {
        return Base64.getUrlDecoder().decode(key);
    }

    /** Whether {@code sig} is the key's signature over this entry in room {@code roomId}. */
    public boolean signatureHolds(String roomId) {
        byte[] key = keyBytes();
        return DeviceKey.verify(key, ChatBinding.bytes(roomId, id, ts, name, text, key), Base64.getUrlDecoder().decode(sig));
    }

    /** Dedup key: a message id is unique per sender, and a sender is its device. */
    public String identity() {
        return device + " " + id;
    }

    /** UTC day since the epoch: the bucket of the summary. */
    public long day() {
        return ts / ChatProtocol.DAY_MILLIS;
    }

    public int textBytes() {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    void writeTo(ObjectNode out) {
        out.put("id", id);
        out.put("ts", ts);
        out.put("name", name);
        out.put("text", text);
        out.put("key", key);
        out.put("sig", sig);
    }

    static ChatEntry read(Fields in) {
        String key = in.canonicalBase64Url("key", DeviceKey.PUBLIC_KEY_LENGTH);
        String sig = in.canonicalBase64Url("sig", DeviceKey.SIGNATURE_LENGTH);
        return new ChatEntry(in.string("id"), in.integer("ts"), in.string("name"), in.string("text"), key, sig);
    }
}
