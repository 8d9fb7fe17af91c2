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
        return new FileResult(in.smallInteger("file"), in.bool("ok"), in.string("sha256"));
    }
}
