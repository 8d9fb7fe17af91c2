package io.peerhub.protocol.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.peerhub.protocol.Message;
import io.peerhub.protocol.MessageCodec;
import io.peerhub.protocol.ProtocolException;
import java.util.Optional;
import java.util.function.Function;

/** Signaling frames: what the server reads from clients, and what clients read from the server. */
final class SignalingChecks {

    private static final MessageCodec CODEC = new MessageCodec();

    private SignalingChecks() {}

    /** {@code value}: the decoded message; {@code error}: the code the server answers with. */
    static Optional<String> client(JsonNode c) {
        return decode(c, CODEC::decodeClient, c.has("error") ? c.get("error").textValue() : null);
    }

    /** {@code value}: the decoded message; {@code refused: true}: a client drops the frame. */
    static Optional<String> server(JsonNode c) {
        return decode(c, CODEC::decodeServer, c.path("refused").asBoolean() ? "" : null);
    }

    /** @param error the expected code, "" for any refusal, null when the frame is accepted */
    private static Optional<String> decode(JsonNode c, Function<String, ? extends Message> decoder, String error) {
        Message m;
        try {
            m = decoder.apply(Check.frame(c));
        } catch (ProtocolException e) {
            if (error == null) {
                return Check.fail("refused with " + e.code().wire() + " (" + e.getMessage() + ")");
            }
            return error.isEmpty() || error.equals(e.code().wire()) ? Check.ok()
                    : Check.fail("refused with " + e.code().wire() + ", not " + error + " (" + e.getMessage() + ")");
        }
        if (error != null) {
            return Check.fail("accepted as " + Check.shorten(CODEC.encode(m)) + ", not refused" + (error.isEmpty() ? "" : " with " + error));
        }
        return Check.sameJson(c.get("value"), CODEC.encode(m));
    }
}
