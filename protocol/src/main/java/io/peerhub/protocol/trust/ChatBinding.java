package io.peerhub.protocol.trust;

import java.io.ByteArrayOutputStream;

/**
 * What a chat entry's {@code sig} signs (docs/protocol.md "Chat history"): this room, this
 * message id, its time, the name its sender went by, its text, and the sender's device key. A
 * peer that relays history cannot change any of them, nor make an entry in another's name, nor
 * carry an entry into another room.
 *
 * <p>Layout: the ASCII tag {@code peerhub-chat-v1}, a zero byte, then six fields each as a 2-byte
 * big-endian length and its bytes: room id, message id, ts (decimal ASCII, no sign or leading
 * zeros), name, text (UTF-8), device key (32 raw bytes).
 */
public final class ChatBinding {

    static final String TAG = "peerhub-chat-v1";

    private ChatBinding() {}

    public static byte[] bytes(String roomId, String id, long ts, String name, String text, byte[] deviceKey) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(RoomKey.utf8(TAG));
        out.write(0);
        for (byte[] field : new byte[][] {RoomKey.utf8(roomId), RoomKey.utf8(id), RoomKey.utf8(Long.toString(ts)),
                RoomKey.utf8(name), RoomKey.utf8(text), deviceKey}) {
            if (field.length > 0xFFFF) {
                throw new IllegalArgumentException("binding field too long");
            }
            out.write(field.length >>> 8);
            out.write(field.length & 0xFF);
            out.writeBytes(field);
        }
        return out.toByteArray();
    }
}
