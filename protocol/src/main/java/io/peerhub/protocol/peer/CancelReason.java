package io.peerhub.protocol.peer;

import java.util.Arrays;
import java.util.Optional;

/** Why either side stopped a transfer ({@code transfer-cancel.reason}). */
public enum CancelReason {
    CANCELLED("cancelled"),
    TIMEOUT("timeout"),
    FAILED("failed"),
    GONE("gone"),
    POLICY("policy");

    private final String wire;

    CancelReason(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<CancelReason> fromWire(String wire) {
        return Arrays.stream(values()).filter(r -> r.wire.equals(wire)).findFirst();
    }

    @Override
    public String toString() {
        return wire;
    }
}
