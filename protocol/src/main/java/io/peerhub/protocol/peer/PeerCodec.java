package io.peerhub.protocol.peer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Peer messages to text and back. The control channel carries {@link #decodeControl} messages,
 * a transfer channel's text frames {@link #decodeTransfer} ones. Thread-safe.
 */
public final class PeerCodec {

    private static final Map<String, Function<Fields, PeerMessage>> CONTROL = Map.ofEntries(
            Map.entry(Hello.TYPE, Hello::read),
            Map.entry(ChatMessage.TYPE, ChatMessage::read),
            Map.entry(DirectText.TYPE, DirectText::read),
            Map.entry(HistoryRequest.TYPE, HistoryRequest::read),
            Map.entry(HistoryBatch.TYPE, HistoryBatch::read),
            Map.entry(TransferOffer.TYPE, TransferOffer::read),
            Map.entry(TransferAnswer.TYPE, TransferAnswer::read),
            Map.entry(TransferResume.TYPE, TransferResume::read),
            Map.entry(TransferCancel.TYPE, TransferCancel::read),
            Map.entry(ShareStatus.TYPE, ShareStatus::read),
            Map.entry(ShareQuery.TYPE, ShareQuery::read),
            Map.entry(ShareResults.TYPE, ShareResults::read),
            Map.entry(SharePull.TYPE, SharePull::read),
            Map.entry(ShareRefused.TYPE, ShareRefused::read));

    private static final Map<String, Function<Fields, PeerMessage>> TRANSFER = Map.of(
            FileEnd.TYPE, FileEnd::read,
            Ack.TYPE, Ack::read,
            FileResult.TYPE, FileResult::read,
            TransferDone.TYPE, TransferDone::read);

    /** The {@code type}s of the control channel, as the readers dispatch them. */
    public static Set<String> controlTypes() {
        return CONTROL.keySet();
    }

    /** The {@code type}s of a transfer channel's text frames. */
    public static Set<String> transferTypes() {
        return TRANSFER.keySet();
    }

    private final JsonMapper mapper = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /**
     * A control-channel message. At most 16 KiB, except {@code transfer-offer} parts and
     * {@code history} batches, which may use up to {@code maxOfferBytes} (min of the remote's max
     * message size and 256 KiB).
     */
    public PeerMessage decodeControl(byte[] utf8, int maxOfferBytes) {
        if (utf8.length > Math.max(Transfers.MAX_CONTROL_MESSAGE_BYTES, maxOfferBytes)) {
            throw new PeerProtocolException("message is larger than " + maxOfferBytes + " bytes");
        }
        PeerMessage m = decode(utf8, CONTROL);
        if (!(m instanceof TransferOffer) && !(m instanceof HistoryBatch) && utf8.length > Transfers.MAX_CONTROL_MESSAGE_BYTES) {
            throw new PeerProtocolException("message is larger than " + Transfers.MAX_CONTROL_MESSAGE_BYTES + " bytes");
        }
        return m;
    }

    /** A text frame on a transfer channel ({@code file-end}, {@code ack}, {@code file-result}, {@code transfer-done}). */
    public PeerMessage decodeTransfer(byte[] utf8) {
        if (utf8.length > Transfers.MAX_CONTROL_MESSAGE_BYTES) {
            throw new PeerProtocolException("message is larger than " + Transfers.MAX_CONTROL_MESSAGE_BYTES + " bytes");
        }
        return decode(utf8, TRANSFER);
    }

    public String encode(PeerMessage message) {
        ObjectNode out = mapper.createObjectNode();
        out.put("type", message.type());
        message.writeFields(out);
        try {
            return mapper.writeValueAsString(out);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("a JSON tree could not be written", e);
        }
    }

    /** One history entry as the JSON object a {@code history} batch carries (a keeper's file holds one a line). */
    public String encodeEntry(ChatEntry entry) {
        ObjectNode out = mapper.createObjectNode();
        entry.writeTo(out);
        try {
            return mapper.writeValueAsString(out);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("a JSON tree could not be written", e);
        }
    }

    /** One history entry from its JSON object, checked as a batch's entries are. */
    public ChatEntry decodeEntry(String json) {
        JsonNode tree;
        try {
            tree = mapper.readTree(json);
        } catch (java.io.IOException e) {
            throw new PeerProtocolException("entry is not valid JSON");
        }
        if (tree == null || !tree.isObject()) {
            throw new PeerProtocolException("entry is not a JSON object");
        }
        return ChatEntry.read(new Fields((ObjectNode) tree, "entry."));
    }

    public byte[] encodeUtf8(PeerMessage message) {
        return encode(message).getBytes(StandardCharsets.UTF_8);
    }

    private PeerMessage decode(byte[] utf8, Map<String, Function<Fields, PeerMessage>> readers) {
        JsonNode tree;
        try {
            tree = mapper.readTree(utf8);
        } catch (java.io.IOException e) {
            throw new PeerProtocolException("message is not valid JSON");
        }
        if (tree == null || !tree.isObject()) {
            throw new PeerProtocolException("message is not a JSON object");
        }
        JsonNode type = tree.get("type");
        if (type == null || !type.isTextual()) {
            throw new PeerProtocolException("field 'type' is missing or not a string");
        }
        Function<Fields, PeerMessage> reader = readers.get(type.textValue());
        if (reader == null) {
            throw new PeerProtocolException("unknown message type");
        }
        return reader.apply(new Fields((ObjectNode) tree, type.textValue() + "."));
    }
}
