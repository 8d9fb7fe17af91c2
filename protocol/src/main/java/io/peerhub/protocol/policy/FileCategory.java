package io.peerhub.protocol.policy;

import java.util.Arrays;
import java.util.Optional;

/** What kind of file something is, as a policy names it. {@link #OTHER}: neither name nor content says. */
public enum FileCategory {
    AUDIO("audio"),
    VIDEO("video"),
    IMAGE("image"),
    EXECUTABLE("executable"),
    ARCHIVE("archive"),
    DOCUMENT("document"),
    OTHER("other");

    private final String wire;

    FileCategory(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<FileCategory> fromWire(String wire) {
        return Arrays.stream(values()).filter(c -> c.wire.equals(wire)).findFirst();
    }

    @Override
    public String toString() {
        return wire;
    }
}
