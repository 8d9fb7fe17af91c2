package io.peerhub.peer.drop;

import io.peerhub.peer.transfer.Sha256;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One file being received into {@code .partial/}: appended to and hashed as its bytes arrive.
 * Opened at what the drop holds, its prefix is re-hashed first, so a resumed file's hash covers
 * the whole file.
 */
public final class StagedFile implements AutoCloseable {

    /**
     * A resume after a crash re-hashes what is on disk, so acks need no fsync of their own.
     * Syncing in the background every 16 MiB keeps the final fsync short and never stalls the
     * writer (which would stall webrtc's thread through the bounded queue): an fsync per MiB on
     * the writer cut Java→Java throughput by half (docs/benchmarks.md).
     */
    private static final long SYNC_EVERY_BYTES = 16L * 1024 * 1024;
    private static final ExecutorService SYNCER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "peerhub-fsync");
        t.setDaemon(true);
        return t;
    });

    private final FileChannel out;
    private final MessageDigest digest = Sha256.digest();
    private final long held;
    private final long cut;
    private long sinceSync;
    private CompletableFuture<Void> pendingSync;

    private StagedFile(FileChannel out, long held, long cut) {
        this.out = out;
        this.held = held;
        this.cut = cut;
    }

    /** Opens {@code part} keeping at most {@code held} bytes (what we reported), re-hashing them. */
    public static StagedFile open(Path part, long held) throws IOException {
        FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        try {
            long size = out.size();
            long keep = Math.min(held, size); // a crash may have lost what was not yet synced
            out.truncate(keep);
            StagedFile f = new StagedFile(out, keep, size - keep);
            ByteBuffer buf = ByteBuffer.allocate(1 << 20);
            for (long pos = 0; pos < keep; ) {
                buf.clear();
                buf.limit((int) Math.min(buf.capacity(), keep - pos));
                int r = out.read(buf, pos);
                if (r < 0) {
                    throw new IOException(part + " got shorter while being re-hashed");
                }
                buf.flip();
                f.digest.update(buf);
                pos += r;
            }
            out.position(keep);
            return f;
        } catch (IOException | RuntimeException e) {
            out.close();
            throw e;
        }
    }

    /** The bytes held when it was opened (after any truncation). */
    public long held() {
        return held;
    }

    /** The bytes opening it cut off the end: more than was reported held. */
    public long cut() {
        return cut;
    }

    public void append(ByteBuffer data) throws IOException {
        int n = data.remaining();
        digest.update(data.array(), data.arrayOffset() + data.position(), n);
        while (data.hasRemaining()) {
            out.write(data);
        }
        sinceSync += n;
        if (sinceSync >= SYNC_EVERY_BYTES) {
            sinceSync = 0;
            if (pendingSync == null || pendingSync.isDone()) {
                pendingSync = CompletableFuture.runAsync(() -> {
                    try {
                        out.force(false);
                    } catch (IOException e) {
                        // closed meanwhile, or the final fsync reports it
                    }
                }, SYNCER);
            }
        }
    }

    /** Syncs and closes; returns the SHA-256 of the whole file, lowercase hex. */
    public String finish() throws IOException {
        out.force(true);
        out.close();
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Syncs what was written (for a later resume) and closes; never throws. */
    @Override
    public void close() {
        try {
            if (out.isOpen()) {
                out.force(true);
            }
        } catch (IOException e) {
            // closing anyway
        }
        try {
            out.close();
        } catch (IOException e) {
            // nothing to do
        }
    }
}
