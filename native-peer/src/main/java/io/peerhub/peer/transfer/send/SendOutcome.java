package io.peerhub.peer.transfer.send;

import io.peerhub.protocol.peer.RefusalReason;
import java.util.List;

/**
 * How a transfer ended for the sender. {@code reason}/{@code message} are the receiver's when it
 * refused; {@code verified} says, per file, whether the receiver reported its hash matched ours,
 * and {@code sha256} is then that hash (null for a file not verified).
 */
public record SendOutcome(Status status, RefusalReason reason, String message, List<String> files, boolean[] verified,
        List<String> sha256) {

    public enum Status {
        /** Every file arrived and the receiver verified its SHA-256. */
        VERIFIED,
        /** The receiver refused the offer ({@link #reason()} says why). */
        REFUSED,
        /** At least one file failed verification, or the transfer failed on the way. */
        FAILED,
        /** The receiver cancelled, or did not answer / come back in time. */
        CANCELLED
    }

    public boolean ok() {
        return status == Status.VERIFIED;
    }
}
