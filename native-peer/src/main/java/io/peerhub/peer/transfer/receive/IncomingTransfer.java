package io.peerhub.peer.transfer.receive;

import io.peerhub.peer.drop.InboxWriter;
import io.peerhub.peer.drop.Quota;
import io.peerhub.peer.drop.StagingArea;
import io.peerhub.peer.mesh.DataChannel;
import io.peerhub.peer.mesh.RemotePeer;
import io.peerhub.protocol.peer.CancelReason;
import io.peerhub.protocol.peer.Have;
import io.peerhub.protocol.peer.Manifest;
import io.peerhub.protocol.peer.PeerCodec;
import io.peerhub.protocol.peer.PeerMessage;
import io.peerhub.protocol.peer.TransferCancel;
import io.peerhub.protocol.peer.TransferDone;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One accepted transfer on the receiving side, staged in a {@link StagingArea}. Chunks are written
 * by this transfer's own writer thread ({@link ChunkWriter}); a bounded queue between the
 * channel's thread and the writer means a slow disk slows the sender instead of filling memory.
 */
final class IncomingTransfer {

    private static final Logger log = LoggerFactory.getLogger(IncomingTransfer.class);
    private static final PeerCodec CODEC = new PeerCodec();
    /** 64 frames of at most 256 KiB: 16 MiB at most between webrtc and the disk. */
    private static final int QUEUE_FRAMES = 64;
    private final ReceiveContext ctx;
    private final Manifest manifest;
    private final StagingArea area;
    private final ChunkWriter writer;
    private final Quota.Grant grant;
    /** What its manifest costs to hold in memory (ManifestBudget). */
    private final long manifestWeight;
    private final ExecutorService acker;

    private volatile RemotePeer sender;
    private volatile DataChannel channel;
    /** The queue and writer thread of the current channel, so a detach can stop them. */
    private volatile BlockingQueue<Item> queue;
    private volatile Thread writerThread;
    private volatile boolean finished;
    /**
     * When a byte was last written or a file verified, or the sender of a transfer that holds
     * bytes came back: what {@link FileReceiver}'s expiry looks at. Other frames, and a sender that
     * says hello again before sending anything, do not count: they cost a squatter nothing.
     */
    private volatile long lastProgress;

    private record Item(byte[] bytes, boolean binary, DataChannel from) {}

    private IncomingTransfer(ReceiveContext ctx, StagingArea area, Quota.Grant grant) {
        this.ctx = ctx;
        this.manifest = area.manifest();
        this.area = area;
        this.grant = grant;
        this.manifestWeight = ManifestBudget.weight(manifest);
        this.writer = new ChunkWriter(area, ctx.inbox(), ctx.quota(), grant, ctx.policy(), new ChunkWriter.Sink() {
            @Override
            public void send(PeerMessage message) {
                IncomingTransfer.this.send(message);
            }

            @Override
            public void received(FileReceiver.ReceivedFile file) {
                ctx.received(file);
            }

            @Override
            public void complete(boolean anyFailed) {
                finish(anyFailed);
            }
        });
        this.acker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "peerhub-ack-" + manifest.id().substring(0, 6));
            t.setDaemon(true);
            return t;
        });
    }

    /** Stages an accepted offer; its record's bytes are counted against the quota at once. */
    static IncomingTransfer create(ReceiveContext ctx, Manifest manifest, RemotePeer from) throws IOException {
        StagingArea area = ctx.inbox().stage(manifest, from.device(), from.name());
        ctx.quota().changed(area.recordBytes());
        IncomingTransfer t = new IncomingTransfer(ctx, area, ctx.quota().grant(manifest.totalBytes()));
        t.sender = from;
        t.lastProgress = ctx.now();
        return t;
    }

    /** A transfer an earlier run staged, or empty when its staging is of no use (then deleted). */
    static Optional<IncomingTransfer> load(ReceiveContext ctx, Path staging) {
        try {
            StagingArea area = StagingArea.load(staging);
            ctx.quota().changed(-area.recover(ctx.inbox()));
            IncomingTransfer t = new IncomingTransfer(ctx, area,
                    ctx.quota().grant(area.manifest().totalBytes() - area.heldBytes()));
            t.lastProgress = area.lastWrittenMillis();
            return Optional.of(t);
        } catch (IOException | RuntimeException e) {
            log.warn("staged transfer in {} is unreadable and is removed: {}", staging, e.toString());
            ctx.quota().changed(-InboxWriter.deleteTree(staging));
            return Optional.empty();
        }
    }

    String id() {
        return manifest.id();
    }

    String senderDevice() {
        return area.senderDevice();
    }

    String senderName() {
        return area.senderName();
    }

    long totalBytes() {
        return manifest.totalBytes();
    }

    long heldBytes() {
        return area.heldBytes();
    }

    long manifestWeight() {
        return manifestWeight;
    }

    boolean isFrom(RemotePeer peer) {
        RemotePeer s = sender;
        return s != null && s.id().equals(peer.id());
    }

    long lastProgress() {
        return lastProgress;
    }

    /** Whether every file is already verified (a crash came before the transfer could finish). */
    boolean complete() {
        return area.allDone();
    }

    boolean attached() {
        DataChannel c = channel;
        return c != null && c.isOpen();
    }

    /** The sender is (again) {@code peer}; returns what we hold, for its resume. */
    List<Have> rebind(RemotePeer peer) {
        sender = peer;
        if (area.heldBytes() > 0) {
            lastProgress = ctx.now();
        }
        return area.have();
    }

    /**
     * The channel is gone with its connection (a rebuild): stop taking its frames and wait for the
     * writer to finish the one in hand, so {@link #rebind} then reports exactly what is on disk. A
     * disposed channel tells its handler nothing, so without this the writer would wait forever.
     */
    void detach() {
        DataChannel c = channel;
        channel = null;
        BlockingQueue<Item> q = queue;
        Thread w = writerThread;
        if (q != null) {
            q.clear();
            q.offer(new Item(null, false, c)); // wakes a writer waiting for a frame
        }
        if (c != null) {
            c.dispose();
        }
        if (w != null && w != Thread.currentThread()) {
            try {
                w.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A transfer channel from the sender: everything on it is processed in order by one writer thread. */
    void attach(DataChannel port) {
        DataChannel old = channel;
        if (old != null && old != port) {
            detach();
        }
        channel = port;
        BlockingQueue<Item> queue = new LinkedBlockingQueue<>(QUEUE_FRAMES);
        Thread writerThread = new Thread(() -> drain(queue, port), "peerhub-recv-" + id().substring(0, 6));
        writerThread.setDaemon(true);
        this.queue = queue;
        this.writerThread = writerThread;
        // The writer runs before the handler is attached: frames that arrived early are put on the
        // bounded queue at once, and more than it holds must find someone taking.
        writerThread.start();
        port.handler(new DataChannel.Handler() {
            @Override
            public void open() {}

            @Override
            public void closed() {
                offer(queue, new Item(null, false, port));
            }

            @Override
            public void text(byte[] utf8) {
                offer(queue, new Item(utf8, false, port));
            }

            @Override
            public void binary(byte[] frame) {
                offer(queue, new Item(frame, true, port));
            }
        });
    }

    private void offer(BlockingQueue<Item> queue, Item item) {
        if (finished) {
            return;
        }
        try {
            queue.put(item); // blocks the channel's thread while the disk catches up
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void drain(BlockingQueue<Item> queue, DataChannel port) {
        writer.restart();
        try {
            while (!finished && channel == port) {
                Item item = queue.take();
                if (item.bytes == null) {
                    break; // channel closed: keep what we have for a resume
                }
                if (item.binary) {
                    writer.chunk(item.bytes);
                    lastProgress = ctx.now();
                } else if (writer.text(item.bytes)) {
                    lastProgress = ctx.now();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ChunkWriter.PolicyRefusal e) {
            log.info("transfer {} from {} stopped by the policy: {}", id(), senderName(), e.getMessage());
            cancel(CancelReason.POLICY, e.getMessage());
            ctx.failed(id(), "policy: " + e.getMessage());
        } catch (ChunkWriter.TransferFailure e) {
            log.warn("transfer {} from {} failed: {}", id(), senderName(), e.getMessage());
            cancel(CancelReason.FAILED);
            ctx.failed(id(), e.getMessage());
        } catch (IOException e) {
            log.warn("transfer {} from {} failed writing: {}", id(), senderName(), e.toString());
            cancel(CancelReason.FAILED);
            ctx.failed(id(), e.toString());
        } finally {
            writer.closeOut();
        }
    }

    /** Every file went through (verified or not); called on the writer thread. */
    private void finish(boolean anyFailed) {
        finished = true;
        if (!anyFailed) {
            send(new TransferDone());
        }
        grant.close(area.delete());
        ctx.ended(this);
        acker.shutdown();
        log.info("transfer {} from {} finished{}", id(), senderName(), anyFailed ? " with failed files" : "");
    }

    /** Stops the transfer and deletes what was staged; {@code reason} null when the sender cancelled. */
    void cancel(CancelReason reason) {
        cancel(reason, null);
    }

    /** As {@link #cancel(CancelReason)}, telling the sender why in words ({@code message}, null: none). */
    void cancel(CancelReason reason, String message) {
        if (finished) {
            return;
        }
        finished = true;
        BlockingQueue<Item> q = queue;
        if (q != null) {
            q.clear(); // a channel thread blocked on a full queue must not hold up the cancel's send
        }
        RemotePeer s = sender;
        if (reason != null && s != null) {
            s.send(new TransferCancel(id(), reason, message));
        }
        DataChannel c = channel;
        channel = null;
        if (c != null) {
            c.dispose();
        }
        writer.closeOut();
        grant.close(area.delete());
        ctx.ended(this);
        acker.shutdown();
    }

    /** Shutdown: stop taking frames, keep the staged bytes for the next run. */
    void suspend() {
        finished = true;
        DataChannel c = channel;
        channel = null;
        if (c != null) {
            c.dispose();
        }
        acker.shutdownNow();
    }

    private void send(PeerMessage m) {
        DataChannel c = channel;
        if (c == null) {
            return;
        }
        String text = CODEC.encode(m);
        try {
            // Not from the writer: a send waits for webrtc's thread, which may be waiting for the writer's queue.
            acker.execute(() -> c.sendText(text));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // finished
        }
    }
}
