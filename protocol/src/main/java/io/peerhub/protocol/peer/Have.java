package io.peerhub.protocol.peer;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** What a receiver already holds of one file: the first {@code bytes} bytes of file {@code file}. */
public record Have(int file, long bytes) {

    void writeTo(ObjectNode out) {
        out.put("file", file);
        out.put("bytes", bytes);
    }

    static Have read(Fields in) {
        int file = in.smallInteger("file");
        long bytes = in.integer("bytes");
        if (file < 0 || bytes < 0) {
            throw new PeerProtocolException("have entries must not be negative");
        }
        return new Have(file, bytes);
    }
}
