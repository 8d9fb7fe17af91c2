package io.peerhub.peer.transfer.send;

import io.peerhub.protocol.peer.Manifest;

/**
 * What the receiver of an outgoing transfer has reported: bytes written per file, and each
 * file's verdict. Not thread-safe: guarded by the owning {@link OutgoingTransfer}'s monitor, which
 * must also cover its timer and attempt when it snapshots the verdicts at the end.
 */
final class SendProgress {

    private final Manifest manifest;
    private final boolean[] verified;
    private final boolean[] reported;
    private final long[] acked;

    SendProgress(Manifest manifest, int files) {
        this.manifest = manifest;
        this.verified = new boolean[files];
        this.reported = new boolean[files];
        this.acked = new long[files];
    }

    int files() {
        return acked.length;
    }

    long ackedBytes() {
        long sum = 0;
        for (long a : acked) {
            sum += a;
        }
        return sum;
    }

    void acked(int file, long bytes) {
        acked[file] = bytes;
    }

    /** Records the verdict on {@code file}; true when every file has one and some failed. */
    boolean result(int file, boolean ok) {
        verified[file] = ok;
        reported[file] = true;
        if (ok) {
            acked[file] = manifest.files().get(file).size();
        }
        boolean allReported = true;
        boolean allOk = true;
        for (int i = 0; i < reported.length; i++) {
            allReported &= reported[i];
            allOk &= verified[i];
        }
        return allReported && !allOk;
    }

    boolean[] verified() {
        return verified.clone();
    }
}
