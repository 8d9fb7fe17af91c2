package io.peerhub.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Text frames to messages and back. The server decodes {@link ClientMessage}s and encodes
 * {@link ServerMessage}s; test clients and Java peers do the reverse. Thread-safe.
 */
public final class MessageCodec {

    private static final Map<String, Function<JsonFields, ClientMessage>> CLIENT_READERS = Map.of(
            Join.TYPE, Join::read,
            Rename.TYPE, Rename::read,
            SignalTo.TYPE, SignalTo::read,
            Ping.TYPE, Ping::read,
            Pong.TYPE, Pong::read,
            Leave.TYPE, Leave::read,
            IceRenew.TYPE, IceRenew::read);

    private static final Map<String, Function<JsonFields, ServerMessage>> SERVER_READERS = Map.of(
            Welcome.TYPE, Welcome::read,
            PeerJoined.TYPE, PeerJoined::read,
            PeerLeft.TYPE, PeerLeft::read,
            PeerUpdated.TYPE, PeerUpdated::read,
            SignalFrom.TYPE, SignalFrom::read,
            Ping.TYPE, Ping::read,
            Pong.TYPE, Pong::read,
            ErrorMessage.TYPE, ErrorMessage::read,
            IceServers.TYPE, IceServers::read,
            PolicyUpdate.TYPE, PolicyUpdate::read);

    /** The {@code type}s a client may send, as the readers dispatch them. */
    public static Set<String> clientTypes() {
        return CLIENT_READERS.keySet();
    }

    /** The {@code type}s the server may send. */
    public static Set<String> serverTypes() {
        return SERVER_READERS.keySet();
    }

    private final JsonMapper mapper = JsonMapper.builder(JsonLimits.factory())
            // A frame is one object: trailing garbage is not JSON we accept (nor duplicate keys: the factory).
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // Keep numbers in signal data exactly as sent, so the relay re-emits them unchanged.
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    /**
     * Parses and validates a frame from a client.
     *
     * @throws ProtocolException with the code the server sends back
     */
    public ClientMessage decodeClient(String frame) {
        if (utf8LengthExceeds(frame, Protocol.MAX_MESSAGE_BYTES)) {
            throw new ProtocolException(ErrorCode.TOO_LARGE,
                    "frame is larger than " + Protocol.MAX_MESSAGE_BYTES + " bytes");
        }
        ClientMessage message = decode(frame, CLIENT_READERS);
        message.checkValid();
        return message;
    }

    /**
     * Parses a frame from the server, checked as the browser checks it (peer ids, names and tokens
     * by the server's own rules). Its size is not bounded here: the 64 KiB limit protects the
     * server from clients, and a welcome to a big room may be larger.
     *
     * @throws ProtocolException when the frame is not a server message of protocol v1
     */
    public ServerMessage decodeServer(String frame) {
        return decode(frame, SERVER_READERS);
    }

    /** Writes a message as one JSON object with {@code type} first. */
    public String encode(Message message) {
        ObjectNode out = mapper.createObjectNode();
        out.put("type", message.type());
        message.writeFields(out);
        try {
            return mapper.writeValueAsString(out);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("a JSON tree could not be written", e);
        }
    }

    private <M extends Message> M decode(String frame, Map<String, Function<JsonFields, M>> readers) {
        JsonNode tree;
        try (JsonParser parser = JsonLimits.bounded(mapper.createParser(frame))) {
            tree = mapper.readTree(parser);
        } catch (JsonProcessingException e) {
            // Syntax, and the limits of JsonLimits: the same code either way, and the client's text
            // is not echoed (Jackson's message quotes it).
            throw new ProtocolException(ErrorCode.BAD_JSON, "not valid JSON, or past a JSON limit");
        } catch (IOException | NumberFormatException e) {
            // A String cannot fail to be read; a number the limits let through should not fail to be
            // held. Should either happen, it is still the frame's fault, never a stack trace.
            throw new ProtocolException(ErrorCode.BAD_JSON, "frame is not valid JSON");
        }
        if (tree == null || !tree.isObject()) {
            throw new ProtocolException(ErrorCode.BAD_JSON, "frame is not a JSON object");
        }
        JsonNode typeNode = tree.get("type");
        if (typeNode == null || !typeNode.isTextual()) {
            throw new ProtocolException(ErrorCode.UNKNOWN_TYPE, "field 'type' is missing or not a string");
        }
        String type = typeNode.textValue();
        Function<JsonFields, M> reader = readers.get(type);
        if (reader == null) {
            // The client's text is not echoed: error messages are logged.
            throw new ProtocolException(ErrorCode.UNKNOWN_TYPE, "unknown message type");
        }
        return reader.apply(new JsonFields((ObjectNode) tree, type));
    }

    /** Whether the UTF-8 encoding of {@code s} is longer than {@code limit} bytes, without encoding it. */
    static boolean utf8LengthExceeds(String s, int limit) {
        if (s.length() > limit) {
            return true; // every UTF-16 unit is at least one byte
        }
        long bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes > limit;
    }
}
