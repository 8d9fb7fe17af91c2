package io.peerhub.protocol;

import java.util.Arrays;
import java.util.Optional;

/** What kind of client a peer is; browsers show a {@code drop} peer as a drop box. */
public enum ClientKind {
    BROWSER("browser"),
    NATIVE("native"),
    DROP("drop");

    private final String wire;

    ClientKind(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<ClientKind> fromWire(String wire) {
        return Arrays.stream(values()).filter(k -> k.wire.equals(wire)).findFirst();
    }

    @Override
    public String toString() {
        return wire;
    }
}
