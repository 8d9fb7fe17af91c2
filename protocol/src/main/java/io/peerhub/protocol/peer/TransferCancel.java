package io.peerhub.protocol.peer;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Stop transfer {@code id}; the receiver deletes what it staged. */
public record TransferCancel(String id, CancelReason reason, String message) implements PeerMessage {

    public TransferCancel(String id, CancelReason reason) {
        this(id, reason, null);
    }

    public static final String TYPE = "transfer-cancel";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public void writeFields(ObjectNode out) {
        out.put("id", id);
        out.put("reason", reason.wire());
        if (message != null) {
            out.put("message", message);
        }
    }

    static TransferCancel read(Fields in) {
        return new TransferCancel(TransferIds.check(in.string("id"), "transfer-cancel.id"),
                // A cancel stops the transfer whatever its reason says: an unknown or missing one reads as cancelled.
                CancelReason.fromWire(in.stringOrNull("reason")).orElse(CancelReason.CANCELLED),
                TransferAnswer.shortened(in.stringOrNull("message")));
    }
}
