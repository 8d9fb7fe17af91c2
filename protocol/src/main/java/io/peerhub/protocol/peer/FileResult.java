package io.peerhub.protocol.peer;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The receiver's verdict on {@code file}: its own hash matched ({@code ok}) or did not. */
public record FileResult(int file, boolean ok, String sha256) implements PeerMessage {

    public static final String TYPE = "file-result";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public void writeFields(ObjectNode out) {
        out.put("file", file);
        out.put("ok", ok);
        out.put("sha256", sha256);
    }

    static FileResult read(Fields in) {
        int file = in.fileIndex("file");
        boolean ok = in.bool("ok");
        String sha = in.string("sha256");
        if (!Manifest.isSha256(sha)) {
            throw new PeerProtocolException("file-result.sha256 must be 64 lowercase hex digits");
        }
        return new FileResult(file, ok, sha);
    }
}
