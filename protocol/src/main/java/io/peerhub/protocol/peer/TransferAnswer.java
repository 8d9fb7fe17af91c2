package io.peerhub.protocol.peer;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The receiver's answer. Refused: {@code reason} (never null) and an optional human
 * {@code message}. Accepted: {@code have}, what the receiver already holds.
 */
public record TransferAnswer(String id, boolean accept, RefusalReason reason, String message, List<Have> have)
        implements PeerMessage {

    public static final String TYPE = "transfer-answer";

    public TransferAnswer {
        have = have == null ? List.of() : List.copyOf(have);
    }

    public static TransferAnswer accepted(String id, List<Have> have) {
        return new TransferAnswer(id, true, null, null, have);
    }

    public static TransferAnswer refused(String id, RefusalReason reason, String message) {
        return new TransferAnswer(id, false, reason, message, List.of());
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public void writeFields(ObjectNode out) {
        out.put("id", id);
        out.put("accept", accept);
        if (reason != null) {
            out.put("reason", reason.wire());
        }
        if (message != null) {
            out.put("message", message);
        }
        if (accept) {
            ArrayNode list = out.putArray("have");
            have.forEach(h -> h.writeTo(list.addObject()));
        }
    }

    static TransferAnswer read(Fields in) {
        String id = TransferIds.check(in.string("id"), "transfer-answer.id");
        boolean accept = in.bool("accept");
        RefusalReason reason = null;
        if (!accept) {
            String wire = in.string("reason");
            // A reason from a later version still means "refused": shown as declined.
            reason = RefusalReason.fromWire(wire).orElse(RefusalReason.DECLINED);
        }
        return new TransferAnswer(id, accept, reason, in.optionalString("message"),
                accept ? in.optionalList("have", Have::read) : List.of());
    }
}
