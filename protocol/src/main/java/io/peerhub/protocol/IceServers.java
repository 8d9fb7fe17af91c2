package io.peerhub.protocol;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Fresh ICE servers for this peer (wire type {@code ice-servers}), the answer to {@link IceRenew}:
 * a client uses them for new connections and applies them to its live ones. {@code iceTtlMs} is
 * how long, from this message, their credentials stay valid, as in {@link Welcome#iceTtlMs()};
 * null when they do not expire.
 */
public record IceServers(List<IceServer> iceServers, Long iceTtlMs) implements ServerMessage {

    public static final String TYPE = "ice-servers";

    public IceServers {
        iceServers = List.copyOf(iceServers);
        Welcome.checkTtl(iceTtlMs);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public void writeFields(ObjectNode out) {
        ArrayNode ice = out.putArray("iceServers");
        iceServers.forEach(s -> s.writeTo(ice.addObject()));
        if (iceTtlMs != null) {
            out.put("iceTtlMs", iceTtlMs);
        }
    }

    static IceServers read(JsonFields in) {
        return new IceServers(in.requiredList("iceServers", IceServer::read), Welcome.readTtl(in));
    }
}
