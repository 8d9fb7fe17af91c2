package io.peerhub.protocol.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peerhub.protocol.peer.CursorMessage;
import io.peerhub.protocol.peer.PeerCodec;
import io.peerhub.protocol.peer.PeerProtocolException;
import io.peerhub.protocol.peer.SignalData;
import io.peerhub.protocol.peer.Transfers;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Function;

/** JSON messages between peers: signal data, the control channel, a transfer channel's text frames, cursor messages. */
final class PeerMessageChecks {

    private static final PeerCodec CODEC = new PeerCodec();

    private PeerMessageChecks() {}

    static Optional<String> control(JsonNode c) {
        // The largest offer part any channel takes; a smaller remote limit is the channel's to enforce.
        return decode(c, text -> CODEC.encode(CODEC.decodeControl(utf8(text), Transfers.MAX_FRAME_BYTES)));
    }

    static Optional<String> transferChannel(JsonNode c) {
        return decode(c, text -> CODEC.encode(CODEC.decodeTransfer(utf8(text))));
    }

    static Optional<String> cursor(JsonNode c) {
        return decode(c, text -> {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            CursorMessage.parse(text).writeTo(out);
            return out.toString();
        });
    }

    /** Signal data arrives inside a signaling message the client has parsed already: here, its object. */
    static Optional<String> signalData(JsonNode c) {
        return decode(c, text -> {
            JsonNode tree;
            try {
                tree = VectorFiles.MAPPER.readTree(text);
            } catch (java.io.IOException e) {
                throw new PeerProtocolException("not JSON");
            }
            return SignalData.parse(tree).toJson().toString();
        });
    }

    /** {@code value}: what the message decodes to; {@code dropped: true}: the receiver drops it. */
    private static Optional<String> decode(JsonNode c, Function<String, String> decodeAndEncode) {
        boolean dropped = c.path("dropped").asBoolean();
        String decoded;
        try {
            decoded = decodeAndEncode.apply(Check.frame(c));
        } catch (PeerProtocolException e) {
            return dropped ? Check.ok() : Check.fail("dropped (" + e.getMessage() + ")");
        }
        return dropped ? Check.fail("read as " + Check.shorten(decoded) + ", not dropped") : Check.sameJson(c.get("value"), decoded);
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
