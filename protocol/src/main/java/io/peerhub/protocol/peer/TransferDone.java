package io.peerhub.protocol.peer;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Every file is verified and handed to the user. */
public record TransferDone() implements PeerMessage {

    public static final String TYPE = "transfer-done";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public void writeFields(ObjectNode out) {
        // no fields
    }

    static TransferDone read(Fields in) {
        return new TransferDone();
    }
}
