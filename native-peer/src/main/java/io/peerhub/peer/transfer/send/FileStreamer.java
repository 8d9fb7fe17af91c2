package io.peerhub.peer.transfer.send;

import io.peerhub.peer.mesh.DataChannel;
import io.peerhub.peer.transfer.Sha256;
import io.peerhub.protocol.peer.ChunkFrame;
import io.peerhub.protocol.peer.FileEnd;
import io.peerhub.protocol.peer.Manifest;
import io.peerhub.protocol.peer.PeerCodec;
import io.peerhub.protocol.peer.Transfers;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.BooleanSupplier;

/**
 * The files of one outgoing transfer, open for its whole life so a resume continues from the
 * same bytes, and the loop that streams one of them as chunk frames. Webrtc's send queue is kept
 * under the high watermark by polling (webrtc-java never fires the buffered-amount callback).
 */
final class FileStreamer {

    private static final PeerCodec CODEC = new PeerCodec();
    private static final long POLL_MILLIS = 20;

    private final Manifest manifest;
    private final List<Path> sources;
    private final FileChannel[] handles;
    /** Each file's SHA-256 as this side sent it in its file-end (null until then): what a receiver's "ok" must match. */
    private final AtomicReferenceArray<String> sent;

    private FileStreamer(Manifest manifest, List<Path> sources) {
        this.manifest = manifest;
        this.sources = sources;
        this.handles = new FileChannel[sources.size()];
        this.sent = new AtomicReferenceArray<>(sources.size());
    }

    /** The SHA-256 this side sent for file {@code i}, or null before its file-end. */
    String sentSha256(int i) {
        return sent.get(i);
    }

    static FileStreamer open(Manifest manifest, List<Path> sources) throws IOException {
        FileStreamer s = new FileStreamer(manifest, sources);
        for (int i = 0; i < sources.size(); i++) {
            s.handles[i] = FileChannel.open(sources.get(i), StandardOpenOption.READ);
        }
        return s;
    }

    int files() {
        return handles.length;
    }

    /**
     * Streams file {@code i} from {@code start} (re-hashing the prefix the receiver holds), then its
     * file-end; false when {@code superseded} says another attempt has taken over.
     */
    boolean sendFile(DataChannel port, ByteBuffer frame, int i, long start, BooleanSupplier superseded)
            throws IOException, InterruptedException {
        FileChannel in = handles[i];
        long size = manifest.files().get(i).size();
        if (start < 0 || start > size) {
            throw new IOException("the receiver holds " + start + " bytes of a " + size + "-byte file");
        }
        MessageDigest digest = Sha256.digest();
        ByteBuffer hashBuf = ByteBuffer.allocate(1 << 20);
        for (long pos = 0; pos < start; ) {
            hashBuf.clear();
            hashBuf.limit((int) Math.min(hashBuf.capacity(), start - pos));
            int r = in.read(hashBuf, pos);
            if (r < 0) {
                throw new IOException(sources.get(i) + " got shorter while being sent");
            }
            hashBuf.flip();
            digest.update(hashBuf);
            pos += r;
        }
        long offset = start;
        while (offset < size) {
            if (superseded.getAsBoolean()) {
                return false;
            }
            frame.clear();
            ChunkFrame.writeHeader(frame, i, offset);
            frame.limit((int) Math.min(frame.capacity(), Transfers.CHUNK_HEADER_BYTES + (size - offset)));
            int r = in.read(frame, offset);
            if (r <= 0) {
                throw new IOException(sources.get(i) + " got shorter while being sent");
            }
            frame.flip();
            ByteBuffer data = frame.duplicate();
            data.position(Transfers.CHUNK_HEADER_BYTES);
            digest.update(data);
            waitForRoom(port, frame.remaining(), superseded);
            if (!port.sendBinary(frame)) {
                throw new IOException("the transfer channel closed");
            }
            offset += r;
        }
        String sha256 = HexFormat.of().formatHex(digest.digest());
        sent.set(i, sha256);
        if (!port.sendText(CODEC.encode(new FileEnd(i, sha256)))) {
            throw new IOException("the transfer channel closed");
        }
        return true;
    }

    /** Keeps webrtc's send queue under the high watermark: past 16 MiB it closes the channel silently. */
    private static void waitForRoom(DataChannel port, int next, BooleanSupplier superseded)
            throws InterruptedException, IOException {
        while (port.bufferedAmount() + next > Transfers.HIGH_WATERMARK) {
            if (superseded.getAsBoolean() || !port.isOpen()) {
                throw new IOException("the transfer channel closed");
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    void close() {
        for (FileChannel h : handles) {
            try {
                if (h != null) {
                    h.close();
                }
            } catch (IOException e) {
                // nothing to do
            }
        }
    }
}
