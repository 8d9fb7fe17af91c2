package io.peerhub.protocol.peer;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The last byte of {@code file} was sent; the sender's SHA-256 of the whole file. */
public record FileEnd(int file, String sha256) implements PeerMessage {

    public static final String TYPE = "file-end";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public void writeFields(ObjectNode out) {
        out.put("file", file);
        out.put("sha256", sha256);
    }

    static FileEnd read(Fields in) {
        String sha = in.string("sha256");
        if (!Manifest.isSha256(sha)) {
            throw new PeerProtocolException("file-end.sha256 must be 64 lowercase hex digits");
        }
        return new FileEnd(in.fileIndex("file"), sha);
    }
}
