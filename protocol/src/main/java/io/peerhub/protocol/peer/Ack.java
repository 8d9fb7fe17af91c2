package io.peerhub.protocol.peer;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** {@code bytes} bytes of {@code file} are written to the receiver's storage. */
public record Ack(int file, long bytes) implements PeerMessage {

    public static final String TYPE = "ack";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public void writeFields(ObjectNode out) {
        out.put("file", file);
        out.put("bytes", bytes);
    }

    static Ack read(Fields in) {
        return new Ack(in.fileIndex("file"), in.count("bytes", Transfers.MAX_SAFE_INTEGER));
    }
}
