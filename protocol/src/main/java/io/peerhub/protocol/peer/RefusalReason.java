package io.peerhub.protocol.peer;

import java.util.Arrays;
import java.util.Optional;

/** Why a receiver refused an offer ({@code transfer-answer.reason}). */
public enum RefusalReason {
    DECLINED("declined"),
    TOO_LARGE("too-large"),
    QUOTA("quota"),
    NO_SPACE("no-space"),
    NOT_ALLOWED("not-allowed"),
    BAD_MANIFEST("bad-manifest"),
    BUSY("busy"),
    POLICY("policy");

    private final String wire;

    RefusalReason(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<RefusalReason> fromWire(String wire) {
        return Arrays.stream(values()).filter(r -> r.wire.equals(wire)).findFirst();
    }

    @Override
    public String toString() {
        return wire;
    }
}
