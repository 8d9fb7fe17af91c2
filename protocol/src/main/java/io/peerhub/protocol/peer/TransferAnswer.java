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
            // A refusal counts whatever its reason: one from a later version, or none, reads as declined.
            reason = RefusalReason.fromWire(in.stringOrNull("reason")).orElse(RefusalReason.DECLINED);
        }
        List<Have> have = accept && !in.absent("have") ? Have.readList(in, "have") : List.of();
        return new TransferAnswer(id, accept, reason, shortened(in.stringOrNull("message")), have);
    }

    /** The human text is decoration: an odd one is ignored, a long one cut, the answer still counts. */
    static String shortened(String message) {
        if (message == null || message.codePointCount(0, message.length()) <= Transfers.MAX_ANSWER_MESSAGE_CODE_POINTS) {
            return message;
        }
        return message.substring(0, message.offsetByCodePoints(0, Transfers.MAX_ANSWER_MESSAGE_CODE_POINTS));
    }
}
