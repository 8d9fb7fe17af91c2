package io.peerhub.peer.docs;

import io.peerhub.protocol.peer.DocsProtocol;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One peer's incoming documents-channel frames, put back into whole sync messages. A sender
 * sends one message's frames back to back on an ordered channel, so at most one message is
 * partial at a time: that bounds what a peer can make us buffer.
 */
final class Reassembler {

    /** What one frame gave: a whole message, nothing yet, or a refusal with its reason. */
    sealed interface Result permits Message, Partial, Dropped {}

    record Message(String docId, byte[] message) implements Result {}

    record Partial() implements Result {}

    record Dropped(String reason) implements Result {}

    private static final Partial PARTIAL = new Partial();

    private final int maxMessageBytes;
    private String docId;
    private byte[] buffer;
    private int filled;
    private String skippingDoc;
    private long skippingTotal = -1;

    Reassembler() {
        this(DocsProtocol.MAX_SYNC_MESSAGE_BYTES);
    }

    Reassembler(int maxMessageBytes) {
        this.maxMessageBytes = maxMessageBytes;
    }

    Result push(byte[] frame) {
        if (frame.length < DocsProtocol.FRAME_FIXED_HEADER_BYTES + 1 || frame.length > DocsProtocol.MAX_FRAME_BYTES) {
            return new Dropped("frame of " + frame.length + " bytes");
        }
        if (frame[0] != DocsProtocol.FRAME_KIND_SYNC) {
            return new Dropped("unknown frame kind " + (frame[0] & 0xff));
        }
        int idLength = frame[1] & 0xff;
        int header = DocsProtocol.FRAME_FIXED_HEADER_BYTES + idLength;
        if (idLength < 1 || idLength > 64 || frame.length <= header) {
            return new Dropped("bad frame header");
        }
        String id = new String(frame, 2, idLength, StandardCharsets.US_ASCII);
        if (!DocsProtocol.isDocId(id)) {
            return new Dropped("bad document id");
        }
        ByteBuffer view = ByteBuffer.wrap(frame);
        long total = Integer.toUnsignedLong(view.getInt(2 + idLength));
        long offset = Integer.toUnsignedLong(view.getInt(6 + idLength));
        int partLength = frame.length - header;

        if (offset == 0) {
            skippingDoc = null;
            buffer = null;
            if (total > maxMessageBytes) {
                skippingDoc = id;
                skippingTotal = total;
                return new Dropped("sync message of " + total + " bytes is over the " + maxMessageBytes + "-byte limit");
            }
            if (partLength > total) {
                return new Dropped("frame longer than its message");
            }
            byte[] part = new byte[partLength];
            System.arraycopy(frame, header, part, 0, partLength);
            if (partLength == total) {
                return new Message(id, part);
            }
            docId = id;
            buffer = new byte[(int) total];
            System.arraycopy(part, 0, buffer, 0, partLength);
            filled = partLength;
            return PARTIAL;
        }
        if (id.equals(skippingDoc) && total == skippingTotal) {
            return PARTIAL;
        }
        if (buffer == null || !id.equals(docId) || buffer.length != total || filled != offset) {
            buffer = null;
            return new Dropped("out-of-order frame for " + id + " at " + offset);
        }
        if (offset + partLength > total) {
            buffer = null;
            return new Dropped("frame runs past its message");
        }
        System.arraycopy(frame, header, buffer, filled, partLength);
        filled += partLength;
        if (filled < total) {
            return PARTIAL;
        }
        byte[] whole = buffer;
        buffer = null;
        return new Message(id, whole);
    }
}
