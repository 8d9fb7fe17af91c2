package io.peerhub.protocol.peer;

import java.nio.ByteBuffer;

/**
 * A binary frame on a transfer channel: file index (4 bytes, unsigned, big-endian), byte offset
 * (8 bytes, unsigned, big-endian), then 1 or more bytes of the file.
 */
public record ChunkFrame(long file, long offset, int length) {

    /** Writes the header at the buffer's position (ByteBuffer is big-endian by default). */
    public static void writeHeader(ByteBuffer out, int file, long offset) {
        out.putInt(file);
        out.putLong(offset);
    }

    /**
     * Reads the header of {@code frame} (from its position) and leaves the position at the data.
     *
     * @throws PeerProtocolException when the frame holds no data bytes
     */
    public static ChunkFrame readHeader(ByteBuffer frame) {
        if (frame.remaining() <= Transfers.CHUNK_HEADER_BYTES) {
            throw new PeerProtocolException("a chunk frame holds a 12-byte header and at least one byte");
        }
        long file = Integer.toUnsignedLong(frame.getInt());
        long offset = frame.getLong();
        if (offset < 0) {
            throw new PeerProtocolException("chunk offset out of range");
        }
        return new ChunkFrame(file, offset, frame.remaining());
    }
}
