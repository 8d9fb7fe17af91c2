package io.peerhub.server.presence.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peerhub.protocol.ClientKind;
import io.peerhub.protocol.Peer;
import io.peerhub.server.presence.ClusterEvent;
import java.io.UncheckedIOException;

/**
 * Cluster events as compact JSON, for Redis pub/sub. Only nodes of one deployment read them, but
 * a node of another version may: unknown event types are skipped by the caller (decode gives null).
 */
final class EventCodec {

    // The same number handling as the client codec, so signal data crosses nodes byte for byte.
    private final JsonMapper mapper = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    String encode(ClusterEvent event) {
        ObjectNode out = mapper.createObjectNode();
        out.put("room", event.room());
        if (event instanceof ClusterEvent.Signal s) {
            out.put("t", "signal").put("from", s.from()).put("to", s.to()).put("fwd", s.forwarded()).set("data", s.data());
            if (s.fromNode() != null) {
                out.put("fromNode", s.fromNode());
            }
        } else if (event instanceof ClusterEvent.Undelivered u) {
            out.put("t", "undelivered").put("from", u.from()).put("to", u.to()).put("code", u.code());
        } else if (event instanceof ClusterEvent.Joined j) {
            out.put("t", "joined").put("node", j.node());
            writePeer(out, j.peer());
        } else if (event instanceof ClusterEvent.Left l) {
            out.put("t", "left").put("id", l.peerId());
        } else if (event instanceof ClusterEvent.Updated u) {
            out.put("t", "updated");
            writePeer(out, u.peer());
        } else if (event instanceof ClusterEvent.Moved m) {
            out.put("t", "moved").put("node", m.node());
            writePeer(out, m.peer());
        }
        try {
            return mapper.writeValueAsString(out);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The event, or null for a type this version does not know. */
    ClusterEvent decode(String json) {
        JsonNode in;
        try {
            in = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cluster event is not JSON", e);
        }
        String room = in.path("room").asText();
        return switch (in.path("t").asText()) {
            case "signal" -> new ClusterEvent.Signal(room, in.path("from").asText(), in.path("to").asText(),
                    (ObjectNode) in.get("data"), in.path("fwd").asBoolean(false),
                    in.hasNonNull("fromNode") ? in.get("fromNode").asText() : null);
            case "undelivered" -> new ClusterEvent.Undelivered(room, in.path("from").asText(), in.path("to").asText(),
                    in.path("code").asText());
            case "joined" -> new ClusterEvent.Joined(room, readPeer(in), in.path("node").asText());
            case "left" -> new ClusterEvent.Left(room, in.path("id").asText());
            case "updated" -> new ClusterEvent.Updated(room, readPeer(in));
            case "moved" -> new ClusterEvent.Moved(room, readPeer(in), in.path("node").asText());
            default -> null;
        };
    }

    private static void writePeer(ObjectNode out, Peer peer) {
        out.put("id", peer.id()).put("name", peer.name()).put("kind", peer.kind().wire());
    }

    private static Peer readPeer(JsonNode in) {
        return new Peer(in.path("id").asText(), in.path("name").asText(),
                ClientKind.fromWire(in.path("kind").asText()).orElse(ClientKind.BROWSER));
    }
}
