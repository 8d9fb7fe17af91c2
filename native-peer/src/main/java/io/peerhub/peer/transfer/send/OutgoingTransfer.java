package io.peerhub.peer.transfer.send;

import io.peerhub.peer.mesh.DataChannel;
import io.peerhub.peer.mesh.RemotePeer;
import io.peerhub.peer.transfer.Sizes;
import io.peerhub.protocol.peer.Ack;
import io.peerhub.protocol.peer.CancelReason;
import io.peerhub.protocol.peer.FileEntry;
import io.peerhub.protocol.peer.FileResult;
import io.peerhub.protocol.peer.Have;
import io.peerhub.protocol.peer.Manifest;
import io.peerhub.protocol.peer.PeerCodec;
import io.peerhub.protocol.peer.PeerMessage;
import io.peerhub.protocol.peer.PeerProtocolException;
import io.peerhub.protocol.peer.TransferAnswer;
import io.peerhub.protocol.peer.TransferCancel;
import io.peerhub.protocol.peer.TransferDone;
import io.peerhub.protocol.peer.TransferIds;
import io.peerhub.protocol.peer.TransferOffer;
import io.peerhub.protocol.peer.Transfers;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One offer of files to one peer, from offer to the receiver's verdict: the answer timeout, one
 * pump thread per attempt, and the window in which an interrupted receiver may resume. Data goes
 * out on the channel {@code peerhub-file:<id>}, streamed by {@link FileStreamer}; what the
 * receiver reports back is kept in {@link SendProgress}.
 */
public final class OutgoingTransfer {

    private static final Logger log = LoggerFactory.getLogger(OutgoingTransfer.class);
    private static final PeerCodec CODEC = new PeerCodec();
    private static final ScheduledExecutorService TIMERS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "peerhub-send-timers");
        t.setDaemon(true);
        return t;
    });

    private final Manifest manifest;
    private final FileStreamer files;
    private final Duration resumeWindow;
    private final Consumer<OutgoingTransfer> onEnd;
    private final CompletableFuture<SendOutcome> outcome = new CompletableFuture<>();
    private final SendProgress progress;

    private volatile RemotePeer to;
    private volatile DataChannel channel;
    private volatile int attempt;
    private ScheduledFuture<?> timer;

    private OutgoingTransfer(RemotePeer to, Manifest manifest, FileStreamer files, Duration resumeWindow,
                             Consumer<OutgoingTransfer> onEnd) {
        this.to = to;
        this.manifest = manifest;
        this.files = files;
        this.resumeWindow = resumeWindow;
        this.onEnd = onEnd;
        this.progress = new SendProgress(manifest, files.files());
    }

    static OutgoingTransfer prepare(RemotePeer to, List<Path> roots, Duration resumeWindow,
                                  Consumer<OutgoingTransfer> onEnd) throws IOException {
        return prepare(to, SendList.of(roots), resumeWindow, onEnd);
    }

    /** Sends each source under the path given for it (the receiver sees only the path). */
    static OutgoingTransfer prepare(RemotePeer to, Map<Path, List<String>> named, Duration resumeWindow,
                                  Consumer<OutgoingTransfer> onEnd) throws IOException {
        return prepare(to, SendList.named(named), resumeWindow, onEnd);
    }

    private static OutgoingTransfer prepare(RemotePeer to, SendList list, Duration resumeWindow,
                                          Consumer<OutgoingTransfer> onEnd) throws IOException {
        return prepare(to, TransferIds.newId(), list, resumeWindow, onEnd);
    }

    /** An offer under {@code id}: a pull's, chosen by the receiver so it knows the offer for what it asked. */
    static OutgoingTransfer prepare(RemotePeer to, String id, SendList list, Duration resumeWindow,
                                    Consumer<OutgoingTransfer> onEnd) throws IOException {
        List<FileEntry> entries = list.entries();
        if (entries.isEmpty()) {
            throw new IOException("nothing to send: no regular files");
        }
        long total = entries.stream().mapToLong(FileEntry::size).sum();
        Manifest manifest = Manifest.validate(id, entries, entries.size(), total);
        return new OutgoingTransfer(to, manifest, FileStreamer.open(manifest, list.sources()), resumeWindow, onEnd);
    }

    public String id() {
        return manifest.id();
    }

    public Manifest manifest() {
        return manifest;
    }

    /** Completes when the transfer ended, however it ended. */
    public CompletableFuture<SendOutcome> outcome() {
        return outcome;
    }

    /** Bytes the receiver confirmed written so far. */
    public synchronized long ackedBytes() {
        return progress.ackedBytes();
    }

    boolean isTo(RemotePeer peer) {
        return to.id().equals(peer.id());
    }

    /** Sends the offer; the transfer must already be findable by id, as the answer may come at once. */
    void offer() {
        int part = Math.min(to.maxMessageSize(), Transfers.MAX_FRAME_BYTES);
        for (TransferOffer o : manifest.toOffers(CODEC, Math.max(part, Transfers.MAX_CONTROL_MESSAGE_BYTES))) {
            if (!to.send(o)) {
                end(SendOutcome.Status.CANCELLED, null, "the peer's control channel is not open");
                return;
            }
        }
        log.info("offered {} file(s), {} to {} (transfer {})", manifest.files().size(),
                Sizes.format(manifest.totalBytes()), to, id());
        timer = TIMERS.schedule(() -> {
            to.send(new TransferCancel(id(), CancelReason.TIMEOUT));
            end(SendOutcome.Status.CANCELLED, null, "no answer within 5 minutes");
        }, Transfers.ANSWER_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    }

    void answered(TransferAnswer answer) {
        if (outcome.isDone()) {
            return;
        }
        cancelTimer();
        if (!answer.accept()) {
            log.info("{} refused transfer {}: {} {}", to, id(), answer.reason(), answer.message() == null ? "" : answer.message());
            end(SendOutcome.Status.REFUSED, answer.reason(), answer.message());
            return;
        }
        startPump(answer.have());
    }

    void resume(RemotePeer peer, List<Have> have) {
        if (outcome.isDone()) {
            return;
        }
        cancelTimer();
        to = peer;
        log.info("{} resumes transfer {}", peer, id());
        startPump(have);
    }

    /** {@code message}: the receiver's words, if any (a policy cancel names the file and the rule). */
    void cancelledByReceiver(CancelReason reason, String message) {
        end(SendOutcome.Status.CANCELLED, null, "the receiver cancelled: " + reason + (message == null ? "" : " (" + message + ")"));
    }

    void peerGone(RemotePeer peer) {
        if (isTo(peer)) {
            interrupted();
        }
    }

    /** Shutdown: the receiver keeps its staged bytes; nothing more is sent. */
    void abandon() {
        DataChannel c = channel;
        channel = null;
        attempt++;
        if (c != null) {
            c.dispose();
        }
        end(SendOutcome.Status.CANCELLED, null, "the sender shut down");
    }

    private synchronized void startPump(List<Have> have) {
        int myAttempt = ++attempt;
        DataChannel old = channel;
        if (old != null) {
            old.dispose();
        }
        long[] from = new long[files.files()];
        for (Have h : have) {
            if (h.file() >= 0 && h.file() < from.length) {
                from[h.file()] = h.bytes();
            }
        }
        Thread pump = new Thread(() -> pump(myAttempt, from), "peerhub-send-" + id().substring(0, 6));
        pump.setDaemon(true);
        pump.start();
    }

    private void pump(int myAttempt, long[] from) {
        RemotePeer peer = to;
        CompletableFuture<Void> open = new CompletableFuture<>();
        DataChannel port;
        try {
            port = peer.openChannel(Transfers.FILE_CHANNEL_PREFIX + id());
        } catch (RuntimeException e) {
            log.warn("transfer {}: cannot open a channel to {}: {}", id(), peer, e.getMessage());
            interrupted();
            return;
        }
        channel = port;
        port.handler(new DataChannel.Handler() {
            @Override
            public void open() {
                open.complete(null);
            }

            @Override
            public void closed() {
                open.completeExceptionally(new IOException("channel closed"));
                if (channel == port) {
                    interrupted();
                }
            }

            @Override
            public void text(byte[] utf8) {
                received(utf8);
            }

            @Override
            public void binary(byte[] frame) {
                // the receiver sends no binary frames
            }
        });
        try {
            open.get(30, TimeUnit.SECONDS);
            int frameBytes = Math.min(peer.maxMessageSize(), Transfers.MAX_FRAME_BYTES);
            ByteBuffer frame = ByteBuffer.allocateDirect(frameBytes);
            for (int i = 0; i < files.files(); i++) {
                if (attempt != myAttempt) {
                    return;
                }
                if (!files.sendFile(port, frame, i, from[i], () -> attempt != myAttempt)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            if (attempt == myAttempt && !outcome.isDone()) {
                log.warn("transfer {} to {} interrupted: {}", id(), peer, e.toString());
                interrupted();
            }
        }
    }

    private void received(byte[] utf8) {
        PeerMessage m;
        try {
            m = CODEC.decodeTransfer(utf8);
        } catch (PeerProtocolException e) {
            return;
        }
        if (m instanceof Ack a && a.file() >= 0 && a.file() < progress.files()) {
            synchronized (this) {
                progress.acked(a.file(), a.bytes());
            }
        } else if (m instanceof FileResult r && r.file() >= 0 && r.file() < progress.files()) {
            // Verified means the receiver's hash is the one we sent: an "ok" with another hash is not.
            boolean ok = r.ok() && r.sha256().equals(files.sentSha256(r.file()));
            boolean someFailed;
            synchronized (this) {
                someFailed = progress.result(r.file(), ok, r.sha256());
            }
            if (!ok) {
                log.warn("{} reports file {} of transfer {} failed verification", to, r.file(), id());
            }
            if (someFailed) {
                end(SendOutcome.Status.FAILED, null, "some files failed verification");
            }
        } else if (m instanceof TransferDone) {
            end(SendOutcome.Status.VERIFIED, null, null);
        }
    }

    /** The connection went away mid-transfer: wait for the receiver to resume, for a while. */
    private void interrupted() {
        if (outcome.isDone()) {
            return;
        }
        synchronized (this) {
            if (timer != null && !timer.isDone()) {
                return;
            }
            attempt++;
            channel = null;
            log.info("transfer {} interrupted; waiting up to {} s for {} to resume", id(), resumeWindow.toSeconds(), to);
            timer = TIMERS.schedule(() -> end(SendOutcome.Status.CANCELLED, null,
                    "the receiver did not come back within " + resumeWindow.toSeconds() + " s"),
                    resumeWindow.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private synchronized void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void end(SendOutcome.Status status, io.peerhub.protocol.peer.RefusalReason reason, String message) {
        SendOutcome o;
        synchronized (this) {
            if (outcome.isDone()) {
                return;
            }
            if (timer != null) {
                timer.cancel(false);
            }
            attempt++;
            List<String> names = manifest.files().stream().map(f -> String.join("/", f.path())).toList();
            o = new SendOutcome(status, reason, message, names, progress.verified(), progress.sha256());
        }
        DataChannel c = channel;
        channel = null;
        if (c != null) {
            // Let the last messages drain before the channel goes: closing is orderly in SCTP.
            c.dispose();
        }
        files.close();
        onEnd.accept(this);
        outcome.complete(o);
    }
}
