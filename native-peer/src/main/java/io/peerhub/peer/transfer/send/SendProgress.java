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
    private final String[] sha256;
    private final long[] acked;

    SendProgress(Manifest manifest, int files) {
        this.manifest = manifest;
        this.verified = new boolean[files];
        this.reported = new boolean[files];
        this.sha256 = new String[files];
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

    /**
     * Records the verdict on {@code file} ({@code hash}: its SHA-256, kept when verified); true when
     * every file has one and some failed.
     */
    boolean result(int file, boolean ok, String hash) {
        verified[file] = ok;
        sha256[file] = ok ? hash : null;
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

    /** Each verified file's SHA-256 (null for a file not verified). */
    java.util.List<String> sha256() {
        return java.util.Collections.unmodifiableList(java.util.Arrays.asList(sha256.clone()));
    }
}
