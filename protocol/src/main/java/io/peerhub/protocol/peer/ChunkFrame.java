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
     * @throws PeerProtocolException when the frame holds no data bytes, or its offset is past
     *     2^53 - 1 (no file is that large, and the browser could not count it exactly)
     */
    public static ChunkFrame readHeader(ByteBuffer frame) {
        if (frame.remaining() <= Transfers.CHUNK_HEADER_BYTES) {
            throw new PeerProtocolException("a chunk frame holds a 12-byte header and at least one byte");
        }
        long file = Integer.toUnsignedLong(frame.getInt());
        long offset = frame.getLong();
        // No file is larger than 2^53 - 1 bytes; read unsigned, a larger offset is also negative here.
        if (offset < 0 || offset > Transfers.MAX_SAFE_INTEGER) {
            throw new PeerProtocolException("chunk offset out of range");
        }
        return new ChunkFrame(file, offset, frame.remaining());
    }
}
