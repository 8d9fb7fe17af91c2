package io.peerhub.peer.docs;

import io.peerhub.protocol.peer.DocsProtocol;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts sync messages into documents-channel frames (docs/protocol.md, "Documents", "Framing"),
 * byte for byte as the browser's web-client/src/docs/framing.ts does.
 */
final class DocFrames {

    private DocFrames() {}

    static List<byte[]> frame(String docId, byte[] message, int frameBytes) {
        if (!DocsProtocol.isDocId(docId)) {
            throw new IllegalArgumentException("bad document id");
        }
        if (message.length == 0 || message.length > DocsProtocol.MAX_SYNC_MESSAGE_BYTES) {
            throw new IllegalArgumentException("sync message of " + message.length + " bytes cannot be framed");
        }
        byte[] id = docId.getBytes(StandardCharsets.US_ASCII);
        int header = DocsProtocol.FRAME_FIXED_HEADER_BYTES + id.length;
        int room = Math.min(frameBytes, DocsProtocol.MAX_FRAME_BYTES) - header;
        if (room < 1) {
            throw new IllegalArgumentException("frames of " + frameBytes + " bytes are too small");
        }
        List<byte[]> frames = new ArrayList<>();
        for (int offset = 0; offset < message.length; offset += room) {
            int n = Math.min(room, message.length - offset);
            ByteBuffer f = ByteBuffer.allocate(header + n);
            f.put(DocsProtocol.FRAME_KIND_SYNC).put((byte) id.length).put(id)
                    .putInt(message.length).putInt(offset).put(message, offset, n);
            frames.add(f.array());
        }
        return frames;
    }
}
