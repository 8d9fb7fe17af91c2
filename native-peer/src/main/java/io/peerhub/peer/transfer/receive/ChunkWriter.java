package io.peerhub.peer.transfer.receive;

import io.peerhub.peer.drop.InboxWriter;
import io.peerhub.peer.drop.Quota;
import io.peerhub.peer.drop.StagedFile;
import io.peerhub.peer.drop.StagingArea;
import io.peerhub.peer.transfer.PolicyInForce;
import io.peerhub.protocol.peer.Ack;
import io.peerhub.protocol.peer.ChunkFrame;
import io.peerhub.protocol.peer.FileEnd;
import io.peerhub.protocol.peer.FileEntry;
import io.peerhub.protocol.peer.FileResult;
import io.peerhub.protocol.peer.Manifest;
import io.peerhub.protocol.peer.PeerCodec;
import io.peerhub.protocol.peer.PeerMessage;
import io.peerhub.protocol.peer.PeerProtocolException;
import io.peerhub.protocol.peer.SafeNames;
import io.peerhub.protocol.peer.Transfers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiving side's frame handling for one {@link IncomingTransfer}: checks each chunk against
 * what is held, appends it to the file's {@link StagedFile}, acks the sender now and then, and on
 * each file-end verifies the file and publishes it to the inbox. Under a policy that reads
 * content, a file's first bytes are held back in memory until they are judged, so nothing of a
 * refused file is ever staged; a resume judges again what an earlier run staged. It reports to its transfer
 * through {@link Sink} only. Runs on the transfer's writer thread only, which is why its state
 * needs no lock.
 */
final class ChunkWriter {

    /** What the writer tells its transfer; called on the writer thread. */
    interface Sink {
        /** A message for the sender, on the transfer channel. */
        void send(PeerMessage message);

        void received(FileReceiver.ReceivedFile file);

        /** Every file went through (verified or not). */
        void complete(boolean anyFailed);
    }

    private static final Logger log = LoggerFactory.getLogger(ChunkWriter.class);
    private static final PeerCodec CODEC = new PeerCodec();

    private final Manifest manifest;
    private final StagingArea area;
    private final InboxWriter inbox;
    private final Quota quota;
    private final Quota.Grant grant;
    private final Sink sink;
    private final PolicyInForce policy;

    private int current = -1;
    /** Whether the current file's first bytes were judged and let through: until then its chunks are held back. */
    private boolean headJudged;
    /** What of the current file's first bytes an earlier run staged (judged again on resume). */
    private byte[] stagedHead = new byte[0];
    /** The current file's chunks held back while its head is not yet whole: at most 64 KiB and one frame. */
    private final ByteArrayOutputStream heldBack = new ByteArrayOutputStream();
    private StagedFile staged;
    private long sinceAck;
    private long lastAckAt;
    private boolean anyFailed;

    ChunkWriter(StagingArea area, InboxWriter inbox, Quota quota, Quota.Grant grant, PolicyInForce policy, Sink sink) {
        this.policy = policy;
        this.manifest = area.manifest();
        this.area = area;
        this.inbox = inbox;
        this.quota = quota;
        this.grant = grant;
        this.sink = sink;
    }

    /** A new channel: the sender starts again from the first file it has not finished. */
    void restart() {
        current = -1;
    }

    void chunk(byte[] bytes) throws IOException {
        ByteBuffer frame = ByteBuffer.wrap(bytes);
        ChunkFrame header;
        try {
            header = ChunkFrame.readHeader(frame);
        } catch (PeerProtocolException e) {
            throw new TransferFailure(e.getMessage());
        }
        int n = manifest.files().size();
        if (header.file() >= n) {
            throw new TransferFailure("chunk for file " + header.file() + " of " + n);
        }
        int file = (int) header.file();
        advanceTo(file);
        if (area.done(file)) {
            throw new TransferFailure("chunk for file " + file + ", which is complete");
        }
        long size = manifest.files().get(file).size();
        long expected = area.held(file) + heldBack.size();
        if (header.offset() != expected) {
            throw new TransferFailure("chunk at " + header.offset() + " of file " + file + ", expected " + expected);
        }
        if (header.offset() + header.length() > size) {
            throw new TransferFailure("chunk runs past the end of file " + file);
        }
        if (!headJudged) {
            heldBack.write(frame.array(), frame.arrayOffset() + frame.position(), frame.remaining());
            judgeHeadIfWhole(file);
            return;
        }
        stage(file, frame, header.length());
    }

    private void stage(int file, ByteBuffer bytes, int length) throws IOException {
        try {
            grant.take(length);
        } catch (Quota.NoRoom e) {
            throw new TransferFailure(e.getMessage());
        }
        staged.append(bytes);
        area.grew(file, length);
        sinceAck += length;
        long now = System.currentTimeMillis();
        if (sinceAck >= Transfers.ACK_EVERY_BYTES || now - lastAckAt >= Transfers.ACK_EVERY_MILLIS) {
            sinceAck = 0;
            lastAckAt = now;
            sink.send(new Ack(file, area.held(file)));
        }
    }

    /**
     * The current file is opened: under a policy that reads content its head must be judged first.
     * What an earlier run staged of it is read back, so a resume is judged on the same bytes.
     */
    private void startHead(int file) throws IOException {
        heldBack.reset();
        stagedHead = new byte[0];
        headJudged = !policy.readsContent();
        if (headJudged) {
            return;
        }
        long size = manifest.files().get(file).size();
        int onDisk = (int) Math.min(area.held(file), PolicyInForce.headLength(size));
        if (onDisk > 0) {
            try (InputStream in = Files.newInputStream(area.part(file))) {
                stagedHead = in.readNBytes(onDisk);
            }
        }
        judgeHeadIfWhole(file);
    }

    /** Judges the head once it is whole; a refusal stops the transfer, else what was held back is staged. */
    private void judgeHeadIfWhole(int file) throws IOException {
        FileEntry entry = manifest.files().get(file);
        int need = PolicyInForce.headLength(entry.size());
        if (stagedHead.length + heldBack.size() < need) {
            return;
        }
        byte[] held = heldBack.toByteArray();
        byte[] head = new byte[need];
        System.arraycopy(stagedHead, 0, head, 0, stagedHead.length);
        System.arraycopy(held, 0, head, stagedHead.length, need - stagedHead.length);
        Optional<String> refusal = policy.refuseFile(entry.path(), entry.size(), head);
        if (refusal.isPresent()) {
            heldBack.reset();
            throw new PolicyRefusal(refusal.get());
        }
        headJudged = true;
        heldBack.reset();
        stagedHead = new byte[0];
        if (held.length > 0) {
            stage(file, ByteBuffer.wrap(held), held.length);
        }
    }

    /** A text frame; true when it was a file-end that moved the transfer on. */
    boolean text(byte[] utf8) throws IOException {
        PeerMessage m;
        try {
            m = CODEC.decodeTransfer(utf8);
        } catch (PeerProtocolException e) {
            log.debug("transfer {}: text frame dropped: {}", manifest.id(), e.getMessage());
            return false;
        }
        if (!(m instanceof FileEnd end)) {
            return false;
        }
        int n = manifest.files().size();
        if (end.file() < 0 || end.file() >= n) {
            throw new TransferFailure("file-end for file " + end.file() + " of " + n);
        }
        int file = end.file();
        if (area.done(file)) {
            // Verified before an interruption: the sender re-announces it on resume; ignored.
            current = file + 1;
            finishIfComplete();
            return false;
        }
        advanceTo(file);
        FileEntry entry = manifest.files().get(file);
        if (area.held(file) != entry.size()) {
            throw new TransferFailure("file-end for file " + file + " after " + area.held(file) + " of " + entry.size() + " bytes");
        }
        String mine = staged.finish();
        staged = null;
        boolean ok = mine.equals(end.sha256()) && (entry.sha256() == null || entry.sha256().equals(mine));
        String senderName = area.senderName();
        if (ok) {
            Path landed = inbox.publish(area.part(file), SafeNames.path(entry.path()));
            quota.changed(area.published(file, inbox.dir().relativize(landed).toString()));
            Files.deleteIfExists(area.part(file)); // only now: the record says where it landed (its bytes now are the inbox's)
            log.info("received {} from {} ({} bytes, sha256 {})", landed, senderName, entry.size(), mine);
            sink.received(new FileReceiver.ReceivedFile(manifest.id(), senderName, landed, entry.size(), mine));
        } else {
            anyFailed = true;
            Files.deleteIfExists(area.part(file));
            grant.deleted(entry.size());
            area.held(file, 0);
            log.warn("file {} of transfer {} from {} failed verification (sha256 {} expected {})",
                    file, manifest.id(), senderName, mine, end.sha256());
        }
        sink.send(new FileResult(file, ok, mine));
        current = file + 1;
        finishIfComplete();
        return true;
    }

    /** Files arrive in order; a new current file is opened at what we hold, its prefix re-hashed. */
    private void advanceTo(int file) throws IOException {
        if (file == current && staged != null) {
            return;
        }
        if (file < current || (current >= 0 && file > current && !allDoneBefore(file))) {
            throw new TransferFailure("file " + file + " out of order");
        }
        closeOut();
        current = file;
        if (area.done(file)) {
            return;
        }
        staged = StagedFile.open(area.part(file), area.held(file));
        quota.changed(-staged.cut());
        area.held(file, staged.held());
        startHead(file);
    }

    private boolean allDoneBefore(int file) {
        for (int i = Math.max(current, 0); i < file; i++) {
            long size = manifest.files().get(i).size();
            if (!area.done(i) && size > 0 && area.held(i) < size) {
                return false;
            }
        }
        return true;
    }

    private void finishIfComplete() {
        if (current < manifest.files().size()) {
            return;
        }
        sink.complete(anyFailed);
    }

    void closeOut() {
        heldBack.reset();
        StagedFile f = staged;
        staged = null;
        if (f != null) {
            f.close();
        }
    }

    /** The policy refuses the current file by its first bytes: the transfer is cancelled with these words. */
    static final class PolicyRefusal extends IOException {
        PolicyRefusal(String words) {
            super(words);
        }
    }

    /** The sender broke the protocol, or the disk cannot take the transfer: it is cancelled. */
    static final class TransferFailure extends IOException {
        TransferFailure(String message) {
            super(message);
        }
    }
}
